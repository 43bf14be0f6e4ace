"""What happens to a comment: submission, status changes and the public listing."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from . import abuse, cursors, database, events, rendering, spam, threads
from .error_shape import APIError
from .extensions import db
from .models import Comment, CommentStatus, ModerationMode, Thread, email_key, utcnow
from .moderation import bans
from .spam.text import fingerprint
from .submissions import ClientInfo, Submission

# A comment whose status is not approved still shows, as "comment removed", where it
# has approved replies, so the conversation under it keeps its shape.
_VISIBLE = CommentStatus.APPROVED


def submit(sub: Submission, client: ClientInfo) -> Comment:
    """Validate a submission against the thread, score it, store it and commit."""
    # Scoring and rendering only read, so they run before anything is written: SQLite's
    # writers, one at a time, then hold the database only to store the comment.
    database.begin_read()
    # This transaction has only read: the classifier may check for new decisions on it.
    score = bans.screen(sub, client, spam.assess(sub, client, db.session.connection()))
    verdict = spam.verdict(score)
    abuse_score = abuse.assess(sub)
    # The abuse screener only ever holds: a moderator decides, never the score alone.
    abuse_hold = abuse_score.reason_code if abuse.holds(abuse_score) else None
    if abuse_hold and sub.nudge:
        abuse.nudge(abuse_score)  # raises: the reader may edit before anything is stored
    html = rendering.render(sub.body)
    text_print = fingerprint(sub.body)

    # The thread and the parent are checked once, for writing, where the answer holds
    # until the commit. (Checking them before scoring too only made a closed thread's
    # rare refusal cheaper, at a query and a parent load on every accepted comment.)
    database.switch_to_writing()
    thread = threads.claim(sub.thread_key, sub.title, sub.url)
    parent = _check(thread, sub.parent_id)
    status = _initial_status(verdict, thread, sub.email)
    if abuse_hold and status is CommentStatus.APPROVED:
        status = CommentStatus.PENDING
    comment = Comment(
        thread_id=thread.id,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author=sub.author,
        email=sub.email,
        email_key=email_key(sub.email),
        website=sub.website,
        body=sub.body,
        html=html,
        status=status,
        ip=client.ip,
        user_agent=client.user_agent,
        spam_score=score.value,
        spam_reasons=[{"code": r.code, "message": r.message, "weight": r.weight}
                      for r in score.reasons],
        abuse_score=abuse_score.value,
        abuse_reasons=[r.as_dict() for r in abuse_score.reasons],
        abuse_hold=abuse_hold,
        fingerprint=text_print,
        locale=sub.locale,
        created_at=utcnow(),
        edited_at=None,
    )
    _store(comment)
    if status is CommentStatus.APPROVED:
        threads.bump(thread.id, +1)
    events.comment_created.send(comment, notify_replies=sub.notify_replies)
    # The caller answers from the comment as stored; reloading it would cost a query.
    database.commit_keeping_loaded()
    return comment


_INSERT = sa.insert(Comment.__table__)
_COLUMNS = [(prop.key, prop.columns[0].name) for prop in sa.inspect(Comment).column_attrs
            if prop.key != "id"]


def _store(comment: Comment) -> None:
    """Insert a new comment with one compiled statement; it joins the session as if loaded."""
    # Every reader's comment takes this path, and the ORM's unit of work for one object
    # costs several times the INSERT. Every column must be set: an unset one would be
    # expired and reloaded on first use.
    state = vars(comment)
    missing = [key for key, _ in _COLUMNS if key not in state]
    if missing:
        raise ValueError(f"a new comment needs every column set: {missing}")
    result = db.session.connection().execute(
        _INSERT, {name: state[key] for key, name in _COLUMNS})
    comment.id = result.inserted_primary_key[0]
    sa.orm.make_transient_to_detached(comment)
    db.session.add(comment)


def _check(thread: threads.Claimed, parent_id: int | None) -> Comment | None:
    """Refuse a closed thread or an unusable parent; return the parent."""
    if thread.closed:
        raise APIError(403, "thread_closed", "This article is closed for comments.")
    if parent_id is None:
        return None
    return _parent_for(parent_id, thread.id)


def set_status(comment: Comment, new: CommentStatus, *, actor: str | None = None,
               reason_code: str | None = None, reason_text: str | None = None) -> bool:
    """Move a comment to a new status inside the caller's transaction; False if unchanged."""
    # Lock the row and read its status afresh: two moderators acting on one comment at
    # once would otherwise both see the old status and both adjust the thread's count.
    db.session.refresh(comment, ["status"], with_for_update=True)
    old = comment.status
    if old is new:
        return False
    comment.status = new
    if _VISIBLE in (old, new) or CommentStatus.DELETED in (old, new):
        threads.bump(comment.thread_id, (new is _VISIBLE) - (old is _VISIBLE))
    events.comment_status_changed.send(
        comment, old=old, new=new, actor=actor, reason_code=reason_code, reason_text=reason_text
    )
    return True


def _parent_for(parent_id: int, thread_id: int | None) -> Comment:
    parent = db.session.get(Comment, parent_id) if thread_id is not None else None
    if parent is None or parent.thread_id != thread_id or parent.status is not _VISIBLE:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"parent": ["No such comment in this thread."]})
    if parent.depth + 1 > current_app.config["MAX_DEPTH"]:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"parent": [f"Replies nest at most {current_app.config['MAX_DEPTH']} "
                                   "levels deep."]})
    return parent


def _initial_status(verdict: spam.Verdict, thread: threads.Claimed, email: str) -> CommentStatus:
    if verdict is spam.Verdict.SPAM:
        return CommentStatus.SPAM
    if verdict is spam.Verdict.HOLD or _premoderated(thread, email):
        return CommentStatus.PENDING
    return CommentStatus.APPROVED


def _premoderated(thread: threads.Claimed, email: str) -> bool:
    mode = thread.moderation or ModerationMode(current_app.config["PREMODERATION"])
    if mode is ModerationMode.ALL:
        return True
    if mode is ModerationMode.FIRST_TIME:
        return not has_approved_comment(email)
    return False


def has_approved_comment(email: str) -> bool:
    """Tell whether this address has a comment that a moderator or the filter approved."""
    found = db.session.execute(
        sa.select(Comment.id).where(Comment.email_key == email_key(email),
                                    Comment.status == _VISIBLE).limit(1)
    ).first()
    return found is not None


# --- the public listing -------------------------------------------------------------

@dataclass(frozen=True)
class ThreadState:
    """What the listing needs to know about a thread before reading its comments."""

    id: int | None
    key: str
    title: str | None
    count: int
    closed: bool
    version: int


@dataclass(frozen=True)
class Page:
    """One page of a thread: top-level comments in order, then their replies."""

    thread: ThreadState
    items: list[Comment]
    next_cursor: str | None
    # Top-level comment id -> cursor of its replies past the ones this page shows.
    more_replies: dict[int, str] = field(default_factory=dict)


# Built once, on the table rather than the entity: the listing and its 304 run this on
# every request, and a Core statement skips the ORM's per-call compilation work.
_threads = Thread.__table__
THREAD_STATE = sa.select(
    _threads.c.id, _threads.c.title, _threads.c.comment_count, _threads.c.closed,
    _threads.c.version,
).where(_threads.c.key == sa.bindparam("key"))


def thread_state(key: str) -> ThreadState:
    """Return a thread's listing state in one query; unknown threads are empty."""
    # On the session's connection: same transaction, without the ORM's execute machinery.
    return state_from_row(key, db.session.connection().execute(THREAD_STATE, {"key": key}).first())


def state_from_row(key: str, row) -> ThreadState:
    """Return the state of thread `key` from a THREAD_STATE row (None: no such thread)."""
    if row is None:
        return ThreadState(None, key, None, 0, False, 0)
    id_, title, count, closed, version = row
    return ThreadState(id_, key, title, count, bool(closed), version)


def list_public(state: ThreadState, *, newest_first: bool, limit: int,
                after: int | None, replies: int) -> Page:
    """Return a page of a thread's public comments: `limit` top-level ones, each with at
    most `replies` of its replies (the rest are paged by list_replies)."""
    if state.id is None:
        return Page(state, [], None)
    roots = _page_roots(state.id, newest_first, limit, after)
    next_cursor = None
    if len(roots) > limit:
        roots = roots[:limit]
        next_cursor = cursors.encode_id(roots[-1].id)
    if not roots:
        return Page(state, [], next_cursor)
    shown, more = _first_replies([r.id for r in roots], replies)
    return Page(state, roots + _with_hidden_parents(shown, {r.id for r in roots}),
                next_cursor, more)


def public_root(comment_id: int) -> tuple[Comment, ThreadState]:
    """Return a top-level comment the public listing shows, with its thread, or a 404."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.root_id is not None or not (
            comment.status is _VISIBLE or db.session.execute(
                _visible_reply_of(comment.id).limit(1)).first()):
        raise APIError(404, "not_found", "No such comment.")
    thread = db.session.get(Thread, comment.thread_id)
    return comment, state_from_row(thread.key, (thread.id, thread.title, thread.comment_count,
                                                thread.closed, thread.version))


def list_replies(root_id: int, *, limit: int, after: int | None) -> tuple[list[Comment],
                                                                            str | None]:
    """Return a page of a top-level comment's public replies, oldest first, and the cursor."""
    query = _visible_reply_of(root_id)
    if after is not None:
        query = query.where(Comment.id > after)
    found = list(db.session.execute(query.order_by(Comment.id).limit(limit + 1)).scalars())
    next_cursor = cursors.encode_id(found[limit - 1].id) if len(found) > limit else None
    return _with_hidden_parents(found[:limit], {root_id}), next_cursor


def _visible_reply_of(root_id: int) -> sa.Select:
    return sa.select(Comment).where(Comment.root_id == root_id, Comment.status == _VISIBLE)


def _page_roots(thread_id: int, newest_first: bool, limit: int, after: int | None):
    reply = sa.orm.aliased(Comment)
    has_visible_reply = (
        sa.select(reply.id).where(reply.root_id == Comment.id, reply.status == _VISIBLE).exists()
    )
    query = sa.select(Comment).where(
        Comment.thread_id == thread_id,
        Comment.root_id.is_(None),
        sa.or_(Comment.status == _VISIBLE, has_visible_reply),
    )
    if after is not None:
        query = query.where(Comment.id < after if newest_first else Comment.id > after)
    query = query.order_by(Comment.id.desc() if newest_first else Comment.id).limit(limit + 1)
    return list(db.session.execute(query).scalars())


def _first_replies(root_ids: list[int], cap: int) -> tuple[list[Comment], dict[int, str]]:
    """Return the first `cap` public replies under each root, and where the rest start."""
    # One more than shown per root tells whether there is more, without counting them all:
    # a comment with twenty thousand replies costs what one with cap + 1 does.
    rank = sa.func.row_number().over(partition_by=Comment.root_id, order_by=Comment.id)
    ranked = sa.select(Comment.id, Comment.root_id, rank.label("rank")).where(
        Comment.root_id.in_(root_ids), Comment.status == _VISIBLE).subquery()
    rows = db.session.execute(sa.select(ranked.c.id, ranked.c.root_id, ranked.c.rank)
                              .where(ranked.c.rank <= cap + 1)).all()
    shown = [id_ for id_, _root, rank in rows if rank <= cap]
    last = {root: id_ for id_, root, rank in rows if rank == cap}
    more = {root: cursors.encode_id(last[root]) for _id, root, rank in rows if rank > cap}
    found = db.session.execute(sa.select(Comment).where(Comment.id.in_(shown))).scalars()
    return list(found), more


def _with_hidden_parents(replies: list[Comment], known: set[int]) -> list[Comment]:
    """Return replies with the hidden comments they answer, as placeholders, in id order."""
    # A reply to a removed comment still shows where it belongs, under "comment removed".
    out = {c.id: c for c in replies}
    wanted = {c.parent_id for c in replies} - out.keys() - known - {None}
    while wanted:
        found = list(db.session.execute(
            sa.select(Comment).where(Comment.id.in_(wanted))).scalars())
        out.update((c.id, c) for c in found)
        wanted = {c.parent_id for c in found} - out.keys() - known - {None}
    return sorted(out.values(), key=lambda c: c.id)
