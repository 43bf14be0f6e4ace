// The author panel: every comment from the author's address (and client address), their
// standing with the spam filter, live bans, and the form to ban them.
import { el } from './dom.js';
import { call, describe } from './http.js';
import { t, when } from './strings.js';

const DAY_MS = 86_400_000;
const EXPIRY_DAYS = { day: 1, week: 7, month: 30, never: null };
const EXCERPT = 140;

const panel = document.getElementById('author');
const body = document.getElementById('author-body');
const form = document.getElementById('ban');
const layout = document.querySelector('.queue-layout');
let shown = null; // the author data on display

function domainOf(website) {
  try {
    return website ? new URL(website).hostname : '';
  } catch {
    return '';
  }
}

function excerpt(text) {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

function commentList(items) {
  if (!items.length) return el('p', { class: 'hint', text: t('author.none') });
  return el('ul', {}, items.map((c) => el('li', { class: 'mini' },
    el('span', { class: `badge ${c.status}`, text: t(`status.${c.status}`) }), ' ',
    el('span', { class: 'hint', text: `#${c.id} · ${when(c.created_at)} · ${c.thread.title || c.thread.key}` }),
    el('div', { text: excerpt(c.body) }))));
}

function render(data) {
  const statuses = Object.entries(data.statuses);
  body.replaceChildren(
    el('p', {}, el('strong', { text: data.author })),
    el('p', { class: 'hint', text: [data.email, data.ip, data.website].filter(Boolean).join(' · ') }),
    el('h3', { text: t('author.statuses') }),
    statuses.length ? el('ul', {}, statuses.map(([status, n]) => el('li', { text: `${t(`status.${status}`)}: ${n}` })))
      : el('p', { class: 'hint', text: t('author.none') }),
    el('h3', { text: t('author.reputation') }),
    data.reputation.length ? el('ul', {}, data.reputation.map((r) => el('li', { text: `${r.message} (${r.weight.toFixed(2)})` })))
      : el('p', { class: 'hint', text: t('author.no_reputation') }),
    el('h3', { text: t('author.bans') }),
    data.bans.length ? el('ul', { class: 'bans' }, data.bans.map((b) => el('li', {
      text: `${t(`ban.${b.kind}`)}: ${b.value}${b.expires_at ? ` ${t('ban.expires_at', { time: when(b.expires_at) })}` : ''}${b.note ? ` · ${b.note}` : ''}`,
    }))) : el('p', { class: 'hint', text: t('author.no_bans') }),
    el('h3', { text: t('author.by_email') }),
    commentList(data.by_email),
    data.ip ? el('h3', { text: t('author.by_ip') }) : null,
    data.ip ? commentList(data.by_ip) : null,
  );
  fillValue();
}

function fillValue() {
  if (!shown) return;
  const kind = form.elements.kind.value;
  form.elements.value.value = { email: shown.email, ip: shown.ip || '', domain: domainOf(shown.website) }[kind];
}

// Open the panel on the author of a comment.
export async function openAuthor(commentId, announce) {
  try {
    shown = await call('GET', `comments/${commentId}/author`);
  } catch (error) {
    announce(t('action.failed', { message: describe(error) }));
    return;
  }
  shown.commentId = commentId;
  render(shown);
  panel.hidden = false;
  layout.classList.add('with-author');
  panel.focus();
}

export function closeAuthor() {
  panel.hidden = true;
  layout.classList.remove('with-author');
  shown = null;
}

export function authorOpen() {
  return !panel.hidden;
}

export function initAuthor(announce, onClose) {
  document.getElementById('author-close').addEventListener('click', () => {
    closeAuthor();
    onClose();
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'kind') fillValue();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const days = EXPIRY_DAYS[form.elements.expires.value];
    const payload = {
      kind: form.elements.kind.value,
      value: form.elements.value.value.trim(),
      note: form.elements.note.value.trim() || null,
      expires_at: days ? new Date(Date.now() + days * DAY_MS).toISOString() : null,
    };
    try {
      const ban = await call('POST', 'bans', payload);
      announce(t('ban.done', { value: ban.value }));
      form.elements.note.value = '';
      await openAuthor(shown.commentId, announce);
    } catch (error) {
      announce(t('action.failed', { message: describe(error) }));
    }
  });
}
