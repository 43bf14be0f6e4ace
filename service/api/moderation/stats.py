"""Transparency figures for a period."""

from __future__ import annotations

from flask import jsonify

from ...moderation import stats
from ...moderation.auth import Role, require_role
from ...moderation.schemas import StatsQueryIn, stats_query_in
from ..contract import ANY_OBJECT
from ..requests import query_args
from ..spec import documented
from .blueprint import bp
from .contract import MODERATOR


@bp.get("/stats")
@documented(query=StatsQueryIn, responses={200: ANY_OBJECT}, **MODERATOR)
@require_role(Role.MODERATOR)
def period_stats():
    """Count what came in and what was decided between `from` and `to`."""
    args = query_args(stats_query_in)
    return jsonify(stats.period(args["since"], args["until"]))
