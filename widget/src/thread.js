// The comment list: count heading, sort toggle, threaded comments, pagination, own pending ones.
import { query, request } from './api.js';
import { button, h } from './dom.js';
import { fullDate, relativeTime } from './i18n.js';
import { load, save } from './storage.js';

const PENDING_DAYS = 30;

/** Create the list for cfg.thread; hooks.reply(node) opens a reply, hooks.reset() closes one,
 *  hooks.report(comment, button) opens the report form. */
export function createThread(cfg, t, hooks) {
  const key = `margin:pending:${cfg.thread}`;
  // comment id → {li, c, depth, container, kids}; kids is its own reply list, made on demand
  const nodes = new Map();
  let order = cfg.order;
  let next = null;
  let count = 0;
  let closed = false;
  let loading = false;

  const heading = h('h2', { class: 'margin-heading', id: 'margin-heading' }, t('loading'));
  const sortBy = (value) => {
    if (value === order || loading) return;
    order = value;
    hooks.reset();
    loadPage(true);
  };
  const sorts = ['oldest', 'newest'].map((value) =>
    button('margin-sort-option', t(value), () => sortBy(value), { 'data-order': value }));
  const list = h('ol', { class: 'margin-list' });
  const notice = h('p', { class: 'margin-notice', role: 'status', 'aria-live': 'polite' });
  const more = button('margin-more', t('more'), () => loadPage(false), { hidden: true });
  const el = h('div', { class: 'margin-thread' }, heading,
    h('div', { class: 'margin-sort', role: 'group', 'aria-label': t('sort') }, ...sorts),
    list, notice, more);

  const when = (iso) => {
    const date = new Date(iso);
    return h('time', { class: 'margin-time', datetime: iso, title: fullDate(date, cfg.lang) },
      relativeTime(date, cfg.lang));
  };

  function render(c, pending, inReplyTo) {
    const name = c.removed ? t('removed') : c.author || t('anonymous');
    const act = (key, onclick) => button(`margin-${key}`, t(key), onclick,
      { 'aria-label': `${t(key)} – ${name}` });
    const linked = !c.removed && /^https?:\/\//i.test(c.website || '');
    const author = linked
      ? h('a', { class: 'margin-author', href: c.website, rel: 'nofollow ugc noopener' }, name)
      : h('span', { class: 'margin-author' }, name);
    const body = h('div', { class: 'margin-body' });
    // The one HTML sink: the server rendered and sanitised this with its allowlist.
    if (c.html) body.innerHTML = c.html;
    const article = h('article', { class: 'margin-item', tabindex: '-1' },
      h('p', { class: 'margin-meta' }, author, ' ', when(c.created_at),
        c.edited_at && h('span', { class: 'margin-edited' }, ` · ${t('edited')}`),
        inReplyTo &&
          h('span', { class: 'margin-replyto' }, ` · ${t('replyTo', { name: inReplyTo })}`)),
      body,
      pending && h('p', { class: 'margin-pending-note' }, t('pending')),
      !closed && !pending && !c.removed && act('reply', () => hooks.reply(nodes.get(c.id))),
      !pending && !c.removed && act('report', (e) => hooks.report(c, e.currentTarget)));
    const state = pending ? ' margin-pending' : c.removed ? ' margin-removed' : '';
    return h('li', { class: `margin-comment${state}`, id: `margin-comment-${c.id}` }, article);
  }

  function kidsOf(node) {
    if (node.depth >= cfg.depth) return node.container; // deep enough: replies go flat
    return (node.kids ||= node.li.appendChild(h('ol', { class: 'margin-replies' })));
  }

  function place(c, pending, mine) {
    nodes.get(c.id)?.li.remove(); // a pending copy now approved
    const parent = nodes.get(c.parent);
    const flat = parent && parent.depth >= cfg.depth;
    const li = render(c, pending, flat && (parent.c.author || t('anonymous')));
    const container = parent ? kidsOf(parent) : list;
    if (!parent && mine && order === 'newest') container.prepend(li);
    else container.append(li);
    const depth = parent ? Math.min(parent.depth + 1, cfg.depth) : 0;
    nodes.set(c.id, { li, c, container, depth });
    return li;
  }

  /** Offer the rest of a top-level comment's replies, from cursor on (none: remove it). */
  function moreReplies(root, cursor) {
    const node = nodes.get(root);
    if (!node) return;
    node.more?.remove();
    node.more = cursor && node.li.appendChild(
      button('margin-more', t('moreReplies'), () => loadReplies(root, cursor)));
  }

  async function loadReplies(root, cursor) {
    const res = await request(`${cfg.api}/comments/${root}/replies?${query({ cursor })}`,
      'load replies');
    if (res.status !== 200) return; // the button stays: another click tries again
    // A removed comment's placeholder may already be shown; keep that one.
    const added = res.data.items.filter((c) => !nodes.has(c.id)).map((c) => place(c, false));
    moreReplies(root, res.data.next);
    added[0]?.firstChild.focus();
  }

  const setCount = (n) => {
    count = n;
    heading.textContent = t('comments', { n });
  };

  function pendingMine(approvedIds) {
    const now = Date.now();
    const kept = load(key, []).filter(
      (p) => now - p.at < PENDING_DAYS * 864e5 && !approvedIds.has(p.c.id),
    );
    save(key, kept.length ? kept : null);
    return kept;
  }

  async function loadPage(first) {
    if (loading) return;
    loading = true;
    const params = { thread: cfg.thread, order, limit: cfg.limit, cursor: first ? null : next };
    const res = await request(`${cfg.api}/comments?${query(params)}`, 'load comments');
    loading = false;
    if (res.status !== 200) {
      if (res.status) console.error(`[margin] could not load comments: HTTP ${res.status}`);
      notice.replaceChildren(t('loadFailed'), ' ',
        button('margin-more', t('retry'), () => loadPage(first)));
      return;
    }
    notice.replaceChildren();
    const { thread, items } = res.data;
    next = res.data.next;
    closed = thread.closed;
    setCount(thread.count);
    for (const b of sorts) b.setAttribute('aria-pressed', b.dataset.order === order);
    if (first) {
      list.replaceChildren();
      nodes.clear();
    }
    const mine = pendingMine(new Set(items.map((c) => c.id)));
    const added = items.map((c) => place(c, false));
    if (first) for (const p of mine) place(p.c, true, true);
    for (const [id, cursor] of Object.entries(res.data.more_replies || {})) {
      moreReplies(+id, cursor);
    }
    more.hidden = !next;
    if (!first) added[0]?.firstChild.focus();
    hooks.loaded(closed);
  }

  /** Show the author's own new comment; keep it in localStorage while it awaits moderation. */
  function add(c, pending) {
    if (pending) save(key, [...load(key, []), { c, at: Date.now() }]);
    else setCount(count + 1);
    return place(c, pending, true);
  }

  return { el, add, load: () => loadPage(true) };
}
