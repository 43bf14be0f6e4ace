"""The console's data calls under /console/api/: the queue, decisions, the author panel.

Each calls the moderation domain exactly as the API's views do and answers JSON in the
API's shapes (a comment is the API's CommentModView, with its parent beside it).
"""

from __future__ import annotations

from flask import jsonify, request
from marshmallow import fields, validate

from ..error_shape import APIError
from ..models import Role
from ..moderation import actions, authors, bans, queue, queues, statements
from ..moderation.queues import Queue
from ..moderation.schemas import (
    CommentQueryIn,
    ban_in,
    ban_out,
    bans_out,
    bulk_in,
    comment_view,
    edit_in,
    reason_in,
)
from .auth import current_actor, signed_in
from .blueprint import bp

AUTHOR_LIMIT = 50


class ConsoleQueueIn(CommentQueryIn):
    """A named queue narrowed by the moderation listing's filters."""

    queue = fields.Enum(Queue, by_value=True, load_default=Queue.URGENT)
    # A queue has its own statuses; asking for others is asking for another queue.
    status = fields.List(fields.String(), load_default=list, validate=validate.Length(max=0))


console_queue_in = ConsoleQueueIn()
_FILTERS = ("thread", "author", "email", "ip", "score_min", "score_max", "abuse_min",
            "abuse_max", "since", "until", "reported", "priority")


def _json_body() -> dict:
    data = request.get_json(silent=True) if request.content_length else {}
    if not isinstance(data, dict):
        raise APIError(400, "bad_request", "Send a JSON object.")
    return data


def _card(record: queue.CommentRecord, parents: dict) -> dict:
    view = comment_view.dump(record)
    parent = parents.get(record.comment.parent_id)
    view["parent_comment"] = None if parent is None else {
        "id": parent.id, "author": parent.author, "html": parent.html,
        "status": parent.status.value}
    return view


def cards(records: list[queue.CommentRecord]) -> list[dict]:
    """Dump comments as the console's cards show them."""
    parents = authors.parents([r.comment for r in records])
    return [_card(r, parents) for r in records]


@bp.get("/api/queue")
@signed_in()
def queue_page():
    """List a page of a queue, with every queue's count."""
    args = console_queue_in.load(request.args.to_dict())
    filters = {name: args[name] for name in _FILTERS}
    filters["text"] = args["q"]
    order = args["sort"] if "sort" in request.args else None
    q = queues.query_for(args["queue"], filters, order)
    items, next_cursor = queue.list_comments(q, limit=args["limit"], cursor=args["cursor"])
    return jsonify(items=cards(items), next=next_cursor, counts=queues.counts())


@bp.get("/api/comments/<int:comment_id>")
@signed_in()
def show(comment_id: int):
    """Show one comment's card."""
    return jsonify(cards(queue.records([actions.get_comment(comment_id)]))[0])


@bp.post("/api/comments/<int:comment_id>/<any(approve, reject, spam, ham, delete, restore):action>")
@signed_in()
def decide(comment_id: int, action: str):
    """Apply a decision with its statement of reasons."""
    comment, changed = actions.decide(comment_id, action, current_actor(),
                                      **reason_in.load(_json_body()))
    return jsonify(changed=changed, comment=cards(queue.records([comment]))[0])


@bp.post("/api/comments/<int:comment_id>/edit")
@signed_in()
def edit(comment_id: int):
    """Replace a comment's text; the old text stays in its history."""
    data = edit_in.load(_json_body())
    comment, changed = actions.edit(comment_id, data.pop("body"), current_actor(), **data)
    return jsonify(changed=changed, comment=cards(queue.records([comment]))[0])


@bp.post("/api/bulk")
@signed_in()
def bulk():
    """Apply one decision to the selected comments, all or nothing."""
    data = bulk_in.load(_json_body())
    results = actions.bulk(data.pop("ids"), data.pop("action"), current_actor(), **data)
    return jsonify(items=[{"id": c.id, "status": c.status.value, "changed": changed}
                          for c, changed in results])


@bp.get("/api/comments/<int:comment_id>/author")
@signed_in()
def author(comment_id: int):
    """Show the author panel of a comment: their comments, reputation and live bans."""
    found = authors.history(actions.get_comment(comment_id), limit=AUTHOR_LIMIT)
    comment = found.comment
    return jsonify(
        author=comment.author, email=comment.email, ip=comment.ip, website=comment.website,
        statuses=found.statuses, reputation=found.reputation, bans=bans_out.dump(found.bans),
        by_email=cards(found.by_email), by_ip=cards(found.by_ip))


@bp.post("/api/bans")
@signed_in()
def ban():
    """Ban an email address, an address or network, or a website's domain."""
    data = ban_in.load(_json_body())
    created = bans.create(data["kind"], data["value"], current_actor(),
                          expires_at=data["expires_at"], note=data["note"])
    return jsonify(ban_out.dump(created)), 201


@bp.post("/api/statements/<reason_code>")
@signed_in(Role.ADMIN)
def save_statement(reason_code: str):
    """Store the site's own statement template for a reason code (admins only)."""
    text = _json_body().get("text")
    if not isinstance(text, str):
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"text": ["Give the template's text."]})
    saved = statements.save(reason_code, text, current_actor())
    return jsonify(reason_code=saved.reason_code, text=saved.text)
