"""Readers' reports on comments."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from ..extensions import limiter
from ..moderation import reports
from ..schemas import ReportIn, report_in
from .moderation.contract import ReportReceivedOut
from .requests import client_info, json_object
from .spec import documented

bp = Blueprint("reports", __name__)


def reports_limit() -> str:
    """Return the configured rate limit for reports."""
    return current_app.config["RATELIMIT_REPORTS"]


@bp.post("/comments/<int:comment_id>/reports")
@documented(body=ReportIn, responses={201: ReportReceivedOut}, tags=("public",),
            errors={400: "`validation_failed`: also when a notice of illegal content lacks "
                         "law, country, explanation, reporter_name, reporter_email or a true "
                         "good_faith (each named in `fields`), or `flagger_token` is unknown.",
                    409: "`conflict`: this client (an IPv6 client: its /64) already has "
                         "REPORTS_PER_NETWORK open reports on the comment."})
@limiter.limit(reports_limit)
def report_comment(comment_id: int):
    """Take a reader's report; enough of them hide the comment until a moderator decides."""
    data = report_in.load(json_object())
    report, _ = reports.submit(comment_id, reports.Notice(**data), client_info().ip)
    # Whether the report hid the comment is for moderators, not for the reporter.
    return jsonify(id=report.id, status="received"), 201
