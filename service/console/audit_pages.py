"""The audit log page: the API's filters as a form, newest first, a page at a time."""

from __future__ import annotations

import json

from flask import render_template
from marshmallow import ValidationError, fields, validate

from ..error_shape import APIError
from ..fields import MAX_ID
from ..moderation import audit
from ..moderation.schemas import AuditQueryIn
from .auth import signed_in
from .blueprint import bp
from .forms import query_args

PAGE_SIZE = 50
FILTERS = ("action", "actor", "account", "token", "comment", "thread", "from", "to")


class ConsoleAuditIn(AuditQueryIn):
    """The audit listing's filters, and the person (account) who decided."""

    account = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    limit = fields.Integer(load_default=PAGE_SIZE, validate=validate.Range(min=1, max=200))


console_audit_in = ConsoleAuditIn()


def _changes(entry) -> str:
    parts = {k: v for k, v in (("before", entry.before), ("after", entry.after)) if v}
    return json.dumps(parts, ensure_ascii=False, sort_keys=True) if parts else ""


@bp.get("/audit")
@signed_in()
def audit_page():
    """List audit entries matching the filters, newest first."""
    given = query_args()
    shown = {name: given.get(name, "") for name in FILTERS}
    try:
        args = console_audit_in.load(given)
        q = audit.AuditQuery(action=args["action"], actor=args["actor"],
                             token_id=args["token"], account_id=args["account"],
                             comment_id=args["comment"], thread_id=args["thread"],
                             since=args["since"], until=args["until"])
        entries, next_cursor = audit.list_entries(q, limit=args["limit"],
                                                  cursor=args["cursor"])
    except ValidationError as e:
        return render_template("console/audit.html", filters=shown, errors=e.messages,
                               entries=[]), 400
    except APIError as e:
        return render_template("console/audit.html", filters=shown,
                               errors=e.fields or {"cursor": [e.message]}, entries=[]), e.status
    newest = {k: v for k, v in shown.items() if v}
    if "limit" in given:
        newest["limit"] = args["limit"]
    more = {**newest, "cursor": next_cursor} if next_cursor else None
    return render_template("console/audit.html", filters=shown, errors=None,
                           entries=[(e, _changes(e)) for e in entries], more=more,
                           newest=newest, paged="cursor" in given)
