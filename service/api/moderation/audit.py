"""The audit log, filtered and cursor-paginated."""

from __future__ import annotations

from flask import jsonify

from ...moderation import audit
from ...moderation.auth import Role, require_role
from ...moderation.schemas import AuditQueryIn, audit_out, audit_query_in
from ..requests import query_args
from ..spec import documented
from .blueprint import bp
from .contract import AUDIT_PAGE, MODERATOR


@bp.get("/audit")
@documented(query=AuditQueryIn, responses={200: AUDIT_PAGE}, **MODERATOR)
@require_role(Role.MODERATOR)
def list_audit():
    """List audit entries, newest first."""
    args = query_args(audit_query_in)
    q = audit.AuditQuery(action=args["action"], actor=args["actor"], token_id=args["token"],
                         comment_id=args["comment"], thread_id=args["thread"],
                         since=args["since"], until=args["until"])
    items, next_cursor = audit.list_entries(q, limit=args["limit"], cursor=args["cursor"])
    return jsonify(items=audit_out.dump(items), next=next_cursor)
