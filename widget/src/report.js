// The report form (DSA Art. 16 notices): loaded (lazy.js) on the first click on "Report".
import { request } from './api.js';
import { h } from './dom.js';
import { translator } from './i18n.js';
import en from './locales/report/en.json';
import fr from './locales/report/fr.json';
import { EMAIL, REPORT_LIMITS as L } from './validate.js';

const CATEGORIES = ['spam', 'harassment', 'hate_speech', 'illegal_content', 'child_safety', 'other'];
// The countries whose law a notice may name first: the EU and the EEA.
const COUNTRIES = ('AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK '
  + 'IS LI NO').split(' ');
const ILLEGAL = 'illegal_content';

let current = null; // the one open form: {form, button}

/** Close the open form; give focus back to its Report button when asked. */
function close(refocus) {
  if (!current) return;
  current.form.remove();
  if (refocus) current.button.focus();
  current = null;
}

/** Open the report form for comment c under its Report button. */
function open(cfg, c, button) {
  if (current?.button === button) return current.form.querySelector('select').focus();
  close(false);
  const t = translator({ en, fr }, cfg.lang);
  const id = (name) => `margin-report-${c.id}-${name}`;
  const controls = {};
  const control = (name, tag, attrs, ...children) => {
    const error = h('span', { class: 'margin-error', id: id(`${name}-error`) });
    const el = h(tag, { id: id(name), name, class: tag === 'input' && attrs.type === 'checkbox'
      ? 'margin-checkbox' : 'margin-input', 'aria-describedby': error.id, ...attrs }, ...children);
    controls[name] = { el, error };
    return [el, error];
  };
  const row = (name, tag, attrs, ...children) => {
    const [el, error] = control(name, tag, attrs, ...children);
    return h('p', { class: 'margin-field' }, h('label', { for: el.id }, t(name)), el, error);
  };
  const names = new Intl.DisplayNames([cfg.lang], { type: 'region' });
  const countries = COUNTRIES.map((code) => [code, names.of(code)])
    .sort((a, b) => a[1].localeCompare(b[1], cfg.lang));

  const category = row('category', 'select', { required: true },
    h('option', { value: '' }, t('choose')),
    ...CATEGORIES.map((value) => h('option', { value }, t(`cat_${value}`))));
  const [goodFaith, goodFaithError] = control('good_faith', 'input', { type: 'checkbox' });
  const illegal = h('div', { class: 'margin-notice-illegal', hidden: true },
    row('law', 'input', { type: 'text', maxlength: L.lawMax }),
    row('country', 'select', {}, h('option', { value: '' }, t('choose')),
      ...countries.map(([value, label]) => h('option', { value }, label))),
    row('explanation', 'textarea', { rows: 3, maxlength: L.reportTextMax }));
  const contactNote = h('p', { class: 'margin-note' });
  const good = h('p', { class: 'margin-save', hidden: true }, goodFaith, ' ',
    h('label', { for: goodFaith.id }, t('goodFaith')), goodFaithError);
  const status = h('p', { class: 'margin-status', role: 'status', 'aria-live': 'polite' });
  const heading = h('h3', { class: 'margin-form-heading', id: id('heading') }, t('heading'));
  const form = h('form', { class: 'margin-form margin-report-form', novalidate: true,
    'aria-labelledby': heading.id, onsubmit: submit,
    onkeydown: (e) => e.key === 'Escape' && close(true) },
  heading, category,
  row('text', 'textarea', { rows: 3, maxlength: L.reportTextMax }),
  illegal, contactNote,
  row('name', 'input', { type: 'text', autocomplete: 'name', maxlength: L.authorMax }),
  row('email', 'input', { type: 'email', autocomplete: 'email', maxlength: L.emailMax }),
  good,
  h('p', { class: 'margin-actions' },
    h('button', { type: 'submit', class: 'margin-submit' }, t('send')), ' ',
    h('button', { type: 'button', class: 'margin-cancel', onclick: () => close(true) },
      t('cancel'))),
  status);

  const value = (name) => controls[name].el.value.trim();
  const isIllegal = () => value('category') === ILLEGAL;
  function update() {
    illegal.hidden = good.hidden = !isIllegal();
    contactNote.textContent = t(isIllegal() ? 'contactIllegal'
      : value('category') === 'child_safety' ? 'contactAnonymous' : 'contactOptional');
    for (const name of ['law', 'country', 'explanation', 'name', 'email']) {
      controls[name].el.required = isIllegal();
    }
  }
  controls.category.el.addEventListener('change', update);
  update();

  const say = (text, error) => {
    status.textContent = text;
    status.classList.toggle('margin-status-error', !!error);
  };

  /** Show {field: message} beside the fields, focus the first; return whether any. */
  function mark(messages) {
    for (const name in controls) {
      const { el, error } = controls[name];
      error.textContent = messages[name] || '';
      if (messages[name]) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
    const first = form.querySelector('[aria-invalid]'); // in the order the reader meets them
    first?.focus();
    return !!first;
  }

  let busy = false;
  async function submit(event) {
    event.preventDefault();
    if (busy) return; // one report per press, however impatient
    const missing = {};
    const needed = isIllegal() ? ['category', 'law', 'country', 'explanation', 'name', 'email']
      : ['category'];
    for (const name of needed) if (!value(name)) missing[name] = t('required');
    if (value('email') && !EMAIL.test(value('email'))) missing.email = t('badEmail');
    if (isIllegal() && !goodFaith.checked) missing.good_faith = t('required');
    if (mark(missing)) return say(t('fix'), true);
    const body = { category: value('category'), text: value('text') || null };
    if (value('name')) body.reporter_name = value('name');
    if (value('email')) body.reporter_email = value('email');
    if (isIllegal()) {
      Object.assign(body, { law: value('law'), country: value('country'),
        explanation: value('explanation'), good_faith: true });
    }
    say(t('sending'));
    busy = true;
    const res = await request(`${cfg.api}/comments/${c.id}/reports`, 'send the report', {
      method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    busy = false;
    if (!res.status) return say(t('offline'), true);
    const error = res.data?.error || {};
    if (res.status === 201) {
      const done = h('p', { class: 'margin-status', role: 'status', tabindex: '-1' }, t('sent'));
      form.replaceWith(done);
      current = null;
      return done.focus();
    }
    if (res.status === 409) return say(t('already'), true);
    if (res.status === 404) return say(t('gone'), true);
    if (res.status === 429) return say(t('rateLimited'), true);
    const fields = {};
    const server = { reporter_name: 'name', reporter_email: 'email' };
    for (const name in error.fields) {
      // The server explains in English; other languages get the form's own words.
      fields[server[name] || name] = cfg.lang === 'en' ? [].concat(error.fields[name]).join(' ')
        : t('badField');
    }
    if (mark(fields)) return say(t('fix'), true);
    say(t('failed', { message: error.message || `HTTP ${res.status}` }), true);
  }

  button.parentNode.after(form);
  current = { form, button };
  controls.category.el.focus();
}

(window.marginParts ||= {}).report = open;
