"""Moderators' work on comments: the queue, decisions, edits, bulk decisions."""

from __future__ import annotations

from flask import jsonify, request

from ... import moderation, queue
from ...auth import Role, current_actor, require_role
from ...moderation_schemas import (
    BulkIn,
    CommentModView,
    CommentQueryIn,
    EditIn,
    ReasonIn,
    bulk_in,
    comment_query_in,
    comment_view,
    comment_views,
    edit_in,
    reason_in,
)
from ..requests import json_object
from ..spec import documented
from . import bp, query_args
from .contract import BULK_OUT, COMMENT_PAGE, MODERATOR, DecisionOut


@bp.get("/comments")
@documented(query=CommentQueryIn, responses={200: COMMENT_PAGE}, **MODERATOR)
@require_role(Role.MODERATOR)
def list_comments():
    """List comments of every status (or those asked for), filtered and sorted."""
    args = query_args(comment_query_in)
    q = queue.CommentQuery(
        statuses=tuple(args["status"]), thread=args["thread"], author=args["author"],
        email=args["email"], ip=args["ip"], text=args["q"], score_min=args["score_min"],
        score_max=args["score_max"], abuse_min=args["abuse_min"], abuse_max=args["abuse_max"],
        since=args["since"], until=args["until"],
        reported=args["reported"], priority=args["priority"],
        order=args["sort"],
    )
    items, next_cursor = queue.list_comments(q, limit=args["limit"], cursor=args["cursor"])
    return jsonify(items=comment_views.dump(items), next=next_cursor)


@bp.get("/comments/<int:comment_id>")
@documented(responses={200: CommentModView}, **MODERATOR)
@require_role(Role.MODERATOR)
def show_comment(comment_id: int):
    """Show one comment with its reports and history."""
    [record] = queue.records([moderation.get_comment(comment_id)])
    return jsonify(comment_view.dump(record))


@bp.post("/comments/<int:comment_id>/<any(approve, reject, spam, ham, delete, restore):action>")
@documented(body=ReasonIn, body_required=False, responses={200: DecisionOut}, **MODERATOR)
@require_role(Role.MODERATOR)
def decide(comment_id: int, action: str):
    """Apply a decision; repeating one changes nothing."""
    reasons = reason_in.load(_optional_json())
    comment, changed = moderation.decide(comment_id, action, current_actor(), **reasons)
    return _answer(comment, changed)


@bp.patch("/comments/<int:comment_id>")
@documented(body=EditIn, responses={200: DecisionOut}, **MODERATOR)
@require_role(Role.MODERATOR)
def edit(comment_id: int):
    """Replace a comment's text; the old text stays in its history."""
    data = edit_in.load(json_object())
    comment, changed = moderation.edit(comment_id, data.pop("body"), current_actor(), **data)
    return _answer(comment, changed)


@bp.post("/bulk")
@documented(body=BulkIn, responses={200: BULK_OUT}, errors={404: None}, **MODERATOR)
@require_role(Role.MODERATOR)
def bulk():
    """Apply one decision to many comments, all or nothing."""
    data = bulk_in.load(json_object())
    results = moderation.bulk(data.pop("ids"), data.pop("action"), current_actor(), **data)
    return jsonify(items=[{"id": c.id, "status": c.status.value, "changed": changed}
                          for c, changed in results])


def _answer(comment, changed: bool):
    [record] = queue.records([comment])
    return jsonify(changed=changed, comment=comment_view.dump(record))


def _optional_json() -> dict:
    # The statement of reasons is optional, and so is a body to carry it.
    return json_object() if request.content_length or request.is_json else {}
