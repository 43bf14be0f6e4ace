// The queue: a list kept in step with the server without losing the moderator's place or
// selection, worked with the keyboard (press ? for the shortcuts).
import { authorOpen, closeAuthor, initAuthor, openAuthor } from './author.js';
import { buildCard, DECISIONS, openEditor, versionOf } from './card.js';
import { call, describe } from './http.js';
import { settings, t } from './strings.js';

const PAGE = 50;
const PAGE_MAX = 200;
const FILTERS = ['thread', 'author', 'email', 'ip', 'q', 'score_min', 'score_max', 'sort'];
const DATES = ['from', 'to'];
const BULK_KEYS = { A: 'approve', R: 'reject', S: 'spam', D: 'delete' };
const DECISION_KEYS = { a: 'approve', r: 'reject', s: 'spam', h: 'ham', d: 'delete' };

const params = new URLSearchParams(window.location.search);
const queueName = params.get('queue') || 'urgent';
const list = document.getElementById('list');
const statusLine = document.getElementById('status');
const more = document.getElementById('more');
const empty = document.getElementById('empty');
const bulkbar = document.getElementById('bulkbar');
const reason = document.getElementById('reason');
const statement = document.getElementById('statement');
const keysDialog = document.getElementById('keys');

const state = {
  items: new Map(), // id -> item, as last fetched
  cards: new Map(), // id -> card element
  order: [], // ids in list order
  current: null, // the id in focus
  selected: new Set(),
  editing: null, // the id whose text is being edited
  limit: Math.min(Number(params.get('limit')) || PAGE, PAGE_MAX),
  loading: false,
};

function announce(message) {
  statusLine.textContent = message;
}

function query() {
  const q = new URLSearchParams({ queue: queueName, limit: String(state.limit) });
  for (const name of FILTERS) if (params.get(name)) q.set(name, params.get(name));
  for (const name of DATES) {
    // A date input gives a day; the API takes a time (UTC).
    if (params.get(name)) q.set(name, `${params.get(name)}T00:00:00Z`);
  }
  return q;
}

// --- drawing -----------------------------------------------------------------------------

function draw(items) {
  const fresh = new Map(items.map((item) => [item.id, item]));
  for (const [id, card] of state.cards) {
    if (fresh.has(id)) continue;
    if (id === state.editing) {
      card.classList.add('gone');
      continue;
    }
    card.remove();
    state.cards.delete(id);
    state.selected.delete(id);
  }
  let previous = null;
  for (const item of items) {
    let card = state.cards.get(item.id);
    if (!card) {
      card = buildCard(item, { selected: state.selected.has(item.id) });
      state.cards.set(item.id, card);
    } else if (card.dataset.version !== versionOf(item) && item.id !== state.editing) {
      const redrawn = buildCard(item, { selected: state.selected.has(item.id) });
      const hadFocus = card.contains(document.activeElement);
      card.replaceWith(redrawn);
      state.cards.set(item.id, redrawn);
      card = redrawn;
      if (hadFocus) card.focus({ preventScroll: true });
    }
    const wanted = previous ? previous.nextSibling : list.firstChild;
    if (wanted !== card) list.insertBefore(card, wanted);
    previous = card;
  }
  state.items = fresh;
  state.order = [...list.children].map((card) => Number(card.dataset.id));
  empty.hidden = state.order.length > 0;
  list.setAttribute('aria-busy', 'false');
  markCurrent();
  drawSelection();
}

function drawCounts(counts) {
  for (const [name, n] of Object.entries(counts)) {
    const badge = document.querySelector(`[data-count="${name}"]`);
    if (badge) badge.textContent = String(n);
  }
  const heading = document.getElementById('queue-heading');
  heading.textContent = `${t(`queue.${queueName}`)} (${counts[queueName] ?? 0})`;
}

function markCurrent() {
  for (const card of list.querySelectorAll('.card.current')) card.classList.remove('current');
  const card = state.cards.get(state.current);
  if (card) card.classList.add('current');
}

function drawSelection() {
  for (const [id, card] of state.cards) {
    const on = state.selected.has(id);
    card.classList.toggle('selected', on);
    card.querySelector('input.select').checked = on;
  }
  bulkbar.hidden = state.selected.size === 0;
  document.getElementById('bulk-count').textContent = t('bulk.count', { count: state.selected.size });
}

// --- moving -------------------------------------------------------------------------------

function focusAt(index) {
  if (!state.order.length) {
    state.current = null;
    return;
  }
  const bounded = Math.max(0, Math.min(index, state.order.length - 1));
  state.current = state.order[bounded];
  markCurrent();
  const card = state.cards.get(state.current);
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: 'nearest' });
}

function move(step) {
  const index = state.order.indexOf(state.current);
  focusAt(index === -1 ? 0 : index + step);
}

// --- talking to the server ----------------------------------------------------------------

// Fetch the queue again and redraw it; after a decision on `decided`, focus the next one.
async function refresh({ decided = null, index = null } = {}) {
  if (state.loading && decided === null) return;
  state.loading = true;
  try {
    const page = await call('GET', `queue?${query()}`);
    const before = state.order.indexOf(state.current);
    draw(page.items);
    drawCounts(page.counts);
    more.hidden = !page.next || state.limit >= PAGE_MAX;
    if (decided !== null) {
      // Still listed (its new status belongs here): the next one; gone: the one now in its place.
      focusAt(state.order.includes(decided) ? state.order.indexOf(decided) + 1 : index);
    } else if (state.current !== null && !state.items.has(state.current) && state.current !== state.editing) {
      // Decided elsewhere: keep the place, not the comment.
      focusAt(before);
    } else if (state.current === null && state.order.length && !document.activeElement?.closest('form, .reasons, dialog, .author')) {
      focusAt(0);
    }
  } catch (error) {
    if (error.status !== 401) announce(t('queue.failed'));
  } finally {
    state.loading = false;
  }
}

function reasons() {
  return { reason_code: reason.value || null, reason_text: statement.value.trim() || null };
}

async function decide(id, action) {
  if (id === null || !state.items.has(id)) return;
  const index = state.order.indexOf(id);
  try {
    const answer = await call('POST', `comments/${id}/${action}`, reasons());
    announce(t('action.done', { action: t(`action.${action}`), id, status: t(`status.${answer.comment.status}`) }));
  } catch (error) {
    announce(t('action.failed', { message: describe(error) }));
    return;
  }
  await refresh({ decided: id, index });
}

async function decideSelection(action) {
  const ids = state.order.filter((id) => state.selected.has(id));
  if (!ids.length) return;
  const index = Math.min(...ids.map((id) => state.order.indexOf(id)));
  try {
    const answer = await call('POST', 'bulk', { action, ids, ...reasons() });
    announce(t('bulk.done', { action: t(`action.${action}`), count: answer.items.length }));
  } catch (error) {
    announce(t('action.failed', { message: describe(error) }));
    return;
  }
  state.selected.clear();
  await refresh({ decided: -1, index });
}

function edit(id) {
  const item = state.items.get(id);
  const card = state.cards.get(id);
  if (!item || !card || state.editing !== null) return;
  state.editing = id;
  openEditor(card, item);
}

async function saveEdit(id) {
  const card = state.cards.get(id);
  const box = card.querySelector('textarea.edit-box');
  try {
    await call('POST', `comments/${id}/edit`, { body: box.value, ...reasons() });
    announce(t('action.done', { action: t('action.edit'), id, status: t(`status.${state.items.get(id)?.status ?? 'approved'}`) }));
  } catch (error) {
    announce(t('action.failed', { message: describe(error) }));
    return;
  }
  closeEditor(id);
}

function closeEditor(id) {
  state.editing = null;
  const card = state.cards.get(id);
  if (card) {
    // Force a redraw from the next fetch.
    card.dataset.version = '';
  }
  state.current = id;
  refresh().then(() => state.cards.get(id)?.focus());
}

function toggle(id) {
  if (state.selected.has(id)) state.selected.delete(id);
  else state.selected.add(id);
  drawSelection();
}

// --- events ----------------------------------------------------------------------------------

list.addEventListener('click', (event) => {
  const card = event.target.closest('.card');
  if (!card) return;
  const id = Number(card.dataset.id);
  state.current = id;
  markCurrent();
  const action = event.target.closest('button')?.dataset.action;
  if (DECISIONS.includes(action)) decide(id, action);
  else if (action === 'edit') edit(id);
  else if (action === 'save') saveEdit(id);
  else if (action === 'cancel') closeEditor(id);
  else if (action === 'author') openAuthor(id, announce);
});

list.addEventListener('change', (event) => {
  if (!event.target.matches('input.select')) return;
  toggle(Number(event.target.closest('.card').dataset.id));
});

bulkbar.addEventListener('click', (event) => {
  const action = event.target.closest('button')?.dataset.bulk;
  if (action) decideSelection(action);
});
document.getElementById('bulk-clear').addEventListener('click', () => {
  state.selected.clear();
  drawSelection();
});

let lastTemplate = '';
reason.addEventListener('change', () => {
  // A template replaces the statement unless the moderator wrote their own.
  if (!statement.value.trim() || statement.value === lastTemplate) {
    lastTemplate = settings.statements[reason.value] || '';
    statement.value = lastTemplate;
  }
});

more.addEventListener('click', () => {
  state.limit = Math.min(state.limit + PAGE, PAGE_MAX);
  refresh();
});

function typing(target) {
  return target.closest('input, textarea, select, [contenteditable]') !== null;
}

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || keysDialog.open || typing(event.target)) return;
  const { key } = event;
  let handled = true;
  if (key === 'j') move(1);
  else if (key === 'k') move(-1);
  else if (key === 'x' && state.current !== null) toggle(state.current);
  else if (key in DECISION_KEYS) decide(state.current, DECISION_KEYS[key]);
  else if (key in BULK_KEYS) decideSelection(BULK_KEYS[key]);
  else if (key === 'e' && state.current !== null) edit(state.current);
  else if (key === 'u' && state.current !== null) openAuthor(state.current, announce);
  else if (key === '?') keysDialog.showModal();
  else if (key === 'Escape' && authorOpen()) {
    closeAuthor();
    state.cards.get(state.current)?.focus();
  } else handled = false;
  if (handled) event.preventDefault();
});

// --- start --------------------------------------------------------------------------------

function start() {
  const current = document.querySelector(`[data-queue="${queueName}"]`);
  if (current) current.setAttribute('aria-current', 'page');
  const form = document.getElementById('filters');
  form.elements.queue.value = queueName;
  for (const name of [...FILTERS, ...DATES]) {
    if (params.get(name) && form.elements[name]) form.elements[name].value = params.get(name);
  }
  if ([...FILTERS, ...DATES].some((name) => params.get(name))) form.closest('details').open = true;
  document.getElementById('filters-clear').href = `?queue=${encodeURIComponent(queueName)}`;
  for (const link of document.querySelectorAll('[data-queue]')) {
    // Switching queues keeps the filters.
    const target = new URLSearchParams(params);
    target.set('queue', link.dataset.queue);
    link.href = `?${target}`;
  }
  initAuthor(announce, () => state.cards.get(state.current)?.focus());
  refresh();
  setInterval(() => {
    if (!document.hidden) refresh();
  }, settings.poll_seconds * 1000);
}

start();
