"""The complaints page: complaints against decisions, upheld or reversed by another person."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError

from ..dsa import appeals
from ..dsa.schemas import appeal_decision_in
from ..error_shape import APIError
from ..models import AppealOutcome
from .auth import current_actor, signed_in
from .blueprint import bp
from .i18n import t

APPEALS_SHOWN = 50
DONE = tuple(outcome.value for outcome in AppealOutcome)


def _page(status: int = 200, error: str | None = None, failed: int | None = None):
    decided = request.values.get("decided") == "1"
    cursor = request.args.get("cursor") or None
    try:
        found, next_cursor = appeals.list_appeals(decided, limit=APPEALS_SHOWN, cursor=cursor)
    except APIError:
        # A mangled cursor: start again at the first page.
        found, next_cursor = appeals.list_appeals(decided, limit=APPEALS_SHOWN, cursor=None)
    done = request.args.get("done")
    return render_template("console/appeals.html", cases=appeals.cases(found),
                           decided=decided, next_cursor=next_cursor,
                           open_count=appeals.count_open(), outcomes=list(AppealOutcome),
                           done=done if done in DONE else None, error=error,
                           failed=failed, form=request.form), status


@bp.get("/appeals")
@signed_in()
def appeals_page():
    """List complaints, open ones unless decided=1, oldest first, each with its case."""
    return _page()


@bp.post("/appeals/<int:appeal_id>")
@signed_in()
def appeal_decision(appeal_id: int):
    """Uphold or reverse a complaint through the API's own function; nothing else."""
    data = {key: request.form[key] for key in ("outcome", "reason") if request.form.get(key)}
    try:
        decision = appeal_decision_in.load(data)
        appeals.decide(appeal_id, decision["outcome"], decision["reason"], current_actor())
    except ValidationError as e:
        fields = ", ".join(t(f"appeals.field.{key}") for key in sorted(e.messages))
        return _page(400, t("appeals.invalid", fields=fields), failed=appeal_id)
    except APIError as e:
        return _page(e.status, e.message, failed=appeal_id)
    return redirect(url_for("console.appeals_page", done=decision["outcome"].value), 303)
