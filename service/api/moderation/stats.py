"""Transparency figures for a period."""

from __future__ import annotations

from flask import Response, jsonify

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
    """Count what came in and what was decided between `from` and `to` (the last 30 days)."""
    args = query_args(stats_query_in)
    return jsonify(stats.period(args["since"], args["until"]))


@bp.get("/stats.csv")
@documented(query=StatsQueryIn, responses={200: {"type": "string"}}, media_type="text/csv",
            **MODERATOR)
@require_role(Role.MODERATOR)
def period_stats_csv():
    """Download the transparency report for a period as CSV: one figure per row."""
    args = query_args(stats_query_in)
    since, until = args["since"], args["until"]
    name = f"transparency-{since:%Y%m%d}-{until:%Y%m%d}.csv"
    return Response(stats.as_csv(stats.period(since, until)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
