// The comment form: fields, client validation, submission, replies, saved identity.
import { request } from './api.js';
import { button, h } from './dom.js';
import { lazy } from './lazy.js';
import { load, save } from './storage.js';
import { validate } from './validate.js';

const IDENTITY = 'margin:identity';
// The widget's own message for a field the server refused, on pages not in English.
const SERVER_FIELD_KEYS = { email: 'badEmail', website: 'badWebsite', parent: 'replyGone' };
const FIELDS = [
  // name, element, attributes, required
  ['author', 'input', { type: 'text', autocomplete: 'name' }, true],
  ['email', 'input', { type: 'email', autocomplete: 'email' }, true],
  ['website', 'input', { type: 'url', autocomplete: 'url' }, false],
  ['body', 'textarea', { rows: 6 }, true],
];

/** Create the form that posts to thread; home is where it sits when not replying. */
export function createForm(cfg, t, thread, home) {
  const fields = {};
  const english = cfg.lang === 'en';
  let parent = null;
  let opener = null;
  let busy = false;
  let shownAt = Date.now();

  const rows = FIELDS.map(([name, tag, attrs, required]) => {
    const id = `margin-${name}`;
    const error = h('span', { class: 'margin-error', id: `${id}-error` });
    const input = h(tag, { ...attrs, id, name, required, class: 'margin-input',
      'aria-describedby': error.id });
    fields[name] = { input, error };
    return h('p', { class: `margin-field margin-field-${name}` },
      h('label', { for: id }, t(name),
        required && h('span', { class: 'margin-required', 'aria-hidden': 'true' }, ' *')),
      input, error);
  });
  const box = (id) => h('input', { type: 'checkbox', id, class: 'margin-checkbox' });
  const saveBox = box('margin-save');
  const notify = box('margin-notify');
  // Honeypot: off-screen, out of the tab order and hidden from assistive technology.
  const hp = h('input', { type: 'text', id: 'margin-hp', name: 'homepage', tabindex: '-1',
    autocomplete: 'off' });
  const heading = h('h3', { class: 'margin-form-heading', id: 'margin-form-heading' }, t('leave'));
  const cancel = button('margin-cancel', t('cancelReply'), () => cancelReply(true),
    { hidden: true });
  const status = h('p', { class: 'margin-status', role: 'status', 'aria-live': 'polite' });
  const submitButton = h('button', { type: 'submit', class: 'margin-submit' }, t('submit'));
  let anyway = false; // the reader chose to post despite the abuse nudge (nudge.js)
  const form = h('form', { class: 'margin-form', novalidate: true,
    'aria-labelledby': heading.id, onsubmit: submit },
  h('div', { class: 'margin-form-top' }, heading, cancel),
  h('p', { class: 'margin-note' }, t('note')),
  ...rows,
  ...[[saveBox, 'save'], [notify, 'notify']].map(([input, key]) =>
    h('p', { class: 'margin-save' }, input, ' ', h('label', { for: input.id }, t(key)))),
  h('p', { class: 'margin-hp', 'aria-hidden': 'true' }, h('label', { for: hp.id }, t('hp')), hp),
  h('p', { class: 'margin-actions' }, submitButton),
  status);

  const saved = load(IDENTITY, null);
  if (saved) {
    for (const name of ['author', 'email', 'website']) fields[name].input.value = saved[name] || '';
    saveBox.checked = true;
  }
  if (window.IntersectionObserver) {
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        shownAt = Date.now();
        seen.disconnect();
      }
    });
    seen.observe(form);
  }

  function say(text, error) {
    status.textContent = text;
    status.classList.toggle('margin-status-error', !!error);
  }

  /** Show messages ({field: text}) next to their fields and focus the first; return the rest. */
  function showErrors(messages) {
    let first = null;
    for (const name in fields) {
      const { input, error } = fields[name];
      error.textContent = messages[name] || '';
      if (messages[name]) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      if (messages[name] && !first) first = input;
    }
    first?.focus();
    return Object.keys(messages).filter((name) => !fields[name]).map((name) => messages[name]);
  }

  function reply(node) {
    parent = node.c.id;
    opener = document.activeElement;
    heading.textContent = t('replyHeading', { name: node.c.author || t('anonymous') });
    cancel.hidden = false;
    node.li.firstChild.after(form);
    fields.body.input.focus();
  }

  function cancelReply(refocus) {
    if (parent == null) return;
    parent = null;
    heading.textContent = t('leave');
    cancel.hidden = true;
    home.append(form);
    if (refocus && opener?.isConnected) opener.focus();
  }

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    const v = {};
    for (const name in fields) v[name] = fields[name].input.value.trim();
    const invalid = validate(v, cfg.limits);
    const messages = {};
    for (const name in invalid) messages[name] = t(invalid[name][0], { n: invalid[name][1] });
    showErrors(messages);
    if (Object.keys(messages).length) return say(t('fix'), true);

    busy = true;
    submitButton.setAttribute('aria-disabled', 'true');
    say(t('sending'));
    const payload = { thread: cfg.thread, author: v.author, email: v.email,
      website: v.website || null, body: v.body, parent, title: cfg.title, url: cfg.url,
      hp: hp.value, elapsed_ms: Date.now() - shownAt, nudge: !anyway, lang: cfg.lang };
    // Sent only when asked for: servers that do not send reply emails never see it.
    if (notify.checked) payload.notify_replies = true;
    anyway = false;
    form.querySelector('.margin-nudge')?.remove();
    const res = await request(`${cfg.api}/comments`, 'post the comment', { method: 'POST',
      body: JSON.stringify(payload), headers: { 'Content-Type': 'application/json' } });
    busy = false;
    submitButton.removeAttribute('aria-disabled');
    if (!res.status) return say(t('offline'), true);
    const error = res.data?.error || {};
    if (res.status === 201) return done(res.data);
    if (res.status === 429) {
      const n = Math.ceil(error.retry_after ?? res.retryAfter ?? 60);
      return say(t('rateLimited', { n }), true);
    }
    if (res.status === 403 && error.code === 'thread_closed') return say(t('closed'), true);
    if (error.code === 'abuse_nudge') {
      say('');
      return lazy(cfg, 'nudge').then((show) => show(cfg, error.abuse, form, {
        edit: () => fields.body.input.focus(),
        post: () => {
          anyway = true;
          form.requestSubmit();
        },
      }), () => say(t('failed', { message: error.message }), true));
    }
    const fieldMessages = {};
    for (const name in error.fields) fieldMessages[name] = serverMessage(name, error.fields[name]);
    const rest = showErrors(fieldMessages);
    if (Object.keys(fieldMessages).length && !rest.length) return say(t('fix'), true);
    // In English the server's own words; otherwise the widget's (rest is already in them).
    const message = rest.join(' ') || (english && error.message) || `HTTP ${res.status}`;
    say(english || !rest.length ? t('failed', { message }) : message, true);
  }

  /** Return what to show for the server's messages about one field, in the page's language. */
  function serverMessage(name, messages) {
    // The server explains in English; other languages get the widget's own words.
    return english ? [].concat(messages).join(' ') : t(SERVER_FIELD_KEYS[name] || 'badField');
  }

  function done({ status: state, comment }) {
    const pending = state !== 'approved';
    save(IDENTITY, saveBox.checked
      ? { author: fields.author.input.value, email: fields.email.input.value,
        website: fields.website.input.value }
      : null);
    fields.body.input.value = '';
    cancelReply(false);
    const li = thread.add(comment, pending);
    shownAt = Date.now();
    say(t(pending ? 'pending' : 'published'));
    li.firstChild.focus();
  }

  return { el: form, reply, cancelReply };
}
