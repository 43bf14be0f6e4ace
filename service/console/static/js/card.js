// A comment's card: everything needed to decide on it at a glance, built from its data.
import { el, sanitisedBody } from './dom.js';
import { t, when } from './strings.js';

export const DECISIONS = ['approve', 'reject', 'spam', 'ham', 'delete', 'restore'];

// A fingerprint of what the card shows: a change redraws it, nothing else does.
export function versionOf(item) {
  return [item.status, item.open_reports, item.history.length, item.revisions.length,
    item.edited_at, item.spam.score, item.abuse.score].join('|');
}

function score(value) {
  return Number(value ?? 0).toFixed(2);
}

function reasonsList(reasons, onlyPositive = false) {
  const shown = (reasons || []).filter((r) => !onlyPositive || (r.weight ?? 0) > 0);
  if (!shown.length) return null;
  return el('ul', {}, shown.map((r) => el('li', {},
    el('span', { text: r.message || r.code }), ' ',
    el('span', { class: 'hint', text: `(${r.code}, ${t('card.weight', { weight: score(r.weight) })})` }))));
}

function facts(item) {
  const reports = item.reports.length ? el('div', {},
    el('p', {}, el('strong', { text: t('card.reports', { count: item.open_reports }) })),
    el('ul', {}, item.reports.map((r) => el('li', {},
      el('span', { class: 'badge', text: t(`reason.${r.category}`) }), ' ',
      el('span', { text: r.text || '' }), ' ',
      el('span', { class: 'hint', text: when(r.created_at) }))))) : null;
  return el('div', { class: 'facts' },
    el('div', {},
      el('p', {}, el('strong', { text: t('card.spam', { score: score(item.spam.score) }) })),
      reasonsList(item.spam.reasons)),
    el('div', {},
      el('p', {}, el('strong', { text: t('card.abuse', { score: score(item.abuse.score) }) })),
      reasonsList(item.abuse.reasons, true)),
    reports);
}

function revisions(item) {
  if (!item.revisions.length) return null;
  return el('details', {},
    el('summary', { text: t('card.revisions', { count: item.revisions.length }) }),
    el('ol', {}, item.revisions.map((r) => el('li', {},
      el('p', { class: 'hint', text: `${when(r.replaced_at)} · ${t('card.by', { actor: r.actor })}` }),
      sanitisedBody(r.html)))));
}

function history(item) {
  if (!item.history.length) return null;
  return el('details', {},
    el('summary', { text: t('card.history', { count: item.history.length }) }),
    el('ol', {}, item.history.map((h) => el('li', {},
      el('strong', { text: h.action }), ' ',
      el('span', { text: t('card.by', { actor: h.actor }) }), ' · ',
      el('span', { class: 'hint', text: when(h.created_at) }),
      h.reason_code ? el('span', { text: ` · ${h.reason_code}` }) : null,
      h.reason_text ? el('p', { class: 'hint', text: h.reason_text }) : null))));
}

function threadLink(thread) {
  const title = thread.title || thread.key;
  return thread.url ? el('a', { href: thread.url, rel: 'noopener noreferrer', target: '_blank' }, title)
    : el('span', { text: title });
}

// Return the card of one comment; its buttons carry data-action for the queue to handle.
export function buildCard(item, { selected = false } = {}) {
  const headId = `c-${item.id}-head`;
  const card = el('li', {
    class: `card${item.priority ? ' priority' : ''}${selected ? ' selected' : ''}`,
    tabindex: '-1', 'aria-labelledby': headId, dataset: { id: item.id, version: versionOf(item) },
  });
  const checkbox = el('input', { type: 'checkbox', class: 'select', checked: selected, 'aria-describedby': headId });
  const parts = [
    el('div', { class: 'card-head', id: headId },
      el('label', { class: 'choice' }, checkbox, el('span', { class: 'visually-hidden', text: t('action.select') })),
      el('span', { class: 'author-name', text: item.author }),
      el('span', { class: `badge ${item.status}`, text: t(`status.${item.status}`) }),
      item.priority ? el('span', { class: 'badge alert', text: t('card.priority') }) : null,
      el('span', { class: 'meta' }, `#${item.id} · ${when(item.created_at)}`,
        item.edited_at ? ` · ${t('card.edited')}` : '', ` · ${t('card.thread')}: `, threadLink(item.thread))),
    item.parent_comment ? el('div', { class: 'parent' },
      el('span', { text: `${t('card.reply_to')} ${item.parent_comment.author} (#${item.parent_comment.id})` }),
      sanitisedBody(item.parent_comment.html)) : null,
    item.html ? sanitisedBody(item.html) : el('p', { class: 'body hint', text: t('card.no_text') }),
    facts(item),
    revisions(item),
    history(item),
    el('div', { class: 'actions' },
      DECISIONS.map((action) => el('button', { type: 'button', class: 'button', dataset: { action } }, t(`action.${action}`))),
      el('button', { type: 'button', class: 'button quiet', dataset: { action: 'edit' } }, t('action.edit')),
      el('button', { type: 'button', class: 'button quiet', dataset: { action: 'author' }, 'aria-controls': 'author' }, t('action.author'))),
  ];
  card.append(...parts.filter(Boolean));
  return card;
}

// Turn a card's body into an edit box with Save and Cancel; return the textarea.
export function openEditor(card, item) {
  const id = `edit-${item.id}`;
  const box = el('textarea', { id, class: 'edit-box', maxlength: 5000 });
  box.value = item.body;
  const editor = el('div', { class: 'editor' },
    el('label', { for: id, class: 'visually-hidden', text: t('action.edit') }),
    box,
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'button primary', dataset: { action: 'save' } }, t('action.save')),
      el('button', { type: 'button', class: 'button quiet', dataset: { action: 'cancel' } }, t('action.cancel'))));
  card.querySelector(':scope > .body').replaceWith(editor);
  box.focus();
  return box;
}
