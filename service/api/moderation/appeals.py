"""The appeal queue: complaints against decisions, decided by another person."""

from __future__ import annotations

from flask import jsonify

from ...dsa import appeals
from ...dsa.schemas import (
    AppealDecisionIn,
    AppealOut,
    AppealQueryIn,
    appeal_decision_in,
    appeal_out,
    appeal_query_in,
    appeals_out,
)
from ...moderation.auth import Role, current_actor, require_role
from ..contract import page_of
from ..requests import json_object, query_args
from ..spec import documented
from .blueprint import bp
from .contract import MODERATOR

APPEAL_PAGE = page_of(AppealOut, "AppealPage")


@bp.get("/appeals")
@documented(query=AppealQueryIn, responses={200: APPEAL_PAGE}, **MODERATOR)
@require_role(Role.MODERATOR)
def list_appeals():
    """List complaints, oldest first: the open queue unless decided=true."""
    args = query_args(appeal_query_in)
    items, next_cursor = appeals.list_appeals(args["decided"], limit=args["limit"],
                                              cursor=args["cursor"])
    return jsonify(items=appeals_out.dump(items), next=next_cursor)


@bp.get("/appeals/<int:appeal_id>")
@documented(responses={200: AppealOut}, **MODERATOR)
@require_role(Role.MODERATOR)
def show_appeal(appeal_id: int):
    """Show one complaint."""
    return jsonify(appeal_out.dump(appeals.get(appeal_id)))


@bp.post("/appeals/<int:appeal_id>/decision")
@documented(body=AppealDecisionIn, responses={200: AppealOut},
            errors={409: "`conflict`: the appeal is decided already, or the token is the "
                         "one that took the contested decision."}, **MODERATOR)
@require_role(Role.MODERATOR)
def decide_appeal(appeal_id: int):
    """Uphold or reverse the contested decision; a reversal undoes it."""
    data = appeal_decision_in.load(json_object())
    appeal = appeals.decide(appeal_id, data["outcome"], data["reason"], current_actor())
    return jsonify(appeal_out.dump(appeal))
