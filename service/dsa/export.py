"""Statements of reasons as the EU DSA Transparency Database takes them (Art. 24(5))."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from . import tdb
from .statements import Restriction, Source, Statement, in_period

_VISIBILITY = {
    Restriction.REMOVED: "DECISION_VISIBILITY_CONTENT_REMOVED",
    Restriction.DISABLED: "DECISION_VISIBILITY_CONTENT_DISABLED",
    Restriction.EDITED: "DECISION_VISIBILITY_OTHER",
}
_EDITED = "The comment's text was edited by a moderator."
_SOURCE = {
    Source.NOTICE: "SOURCE_ARTICLE_16",
    Source.TRUSTED_FLAGGER: "SOURCE_TRUSTED_FLAGGER",
    Source.OWN_INITIATIVE: "SOURCE_VOLUNTARY",
}
# Margin's reason codes (moderation/actions.py, and the abuse screener's) to categories;
# the rest, and the spam filter's rule codes, are violations of the terms of service.
_CATEGORY = {
    "hate_speech": "STATEMENT_CATEGORY_DISCRIMINATION",
    "child_safety": "STATEMENT_CATEGORY_CHILD_SAFETY",
    "misinformation": "STATEMENT_CATEGORY_MISINFORMATION",
    "illegal_content": "STATEMENT_CATEGORY_UNCATEGORISED",
    "other": "STATEMENT_CATEGORY_UNCATEGORISED",
}
_TOS = "STATEMENT_CATEGORY_VIOLATION_TOS"
# Free text a moderator wrote is cut to the database's limits, never refused.
_ELLIPSIS = "…"


def _cut(text: str, field: str) -> str:
    most = tdb.TEXT_MAX[field]
    return text if len(text) <= most else text[:most - 1] + _ELLIPSIS


def _facts(s: Statement) -> str:
    who = "automatically" if s.automatic else "by a moderator"
    what = {Restriction.REMOVED: "removed", Restriction.DISABLED: "made not visible",
            Restriction.EDITED: "edited"}[s.restriction]
    prompted = {Source.NOTICE: f"following {len(s.notices)} notice(s)",
                Source.TRUSTED_FLAGGER: "following a trusted flagger's notice",
                Source.OWN_INITIATIVE: "on the service's own initiative"}[s.source]
    parts = [f"A reader's comment was {what} {who}, {prompted}."]
    if s.entry.reason_text:
        parts.append(s.entry.reason_text)
    return _cut(" ".join(parts), "decision_facts")


def to_statement(s: Statement) -> dict:
    """Return one statement in the Transparency Database's fields; no personal data."""
    code = s.entry.reason_code or "other"
    line = {
        "decision_visibility": _VISIBILITY[s.restriction],
        "category": _CATEGORY.get(code, _TOS),
        "content_type": ["CONTENT_TYPE_TEXT"],
        "automated_detection": tdb.YES if s.detected_automatically else tdb.NO,
        "automated_decision": tdb.YES if s.automatic else tdb.NO,
        "source_type": _SOURCE[s.source],
        "application_date": s.entry.created_at.strftime(tdb.DATE_FORMAT),
        "decision_facts": _facts(s),
        "url": _cut(_url(s), "url"),
        # The platform's own id for the decision: unique per statement, stable across exports.
        "puid": f"margin-comment-{s.entry.comment_id}-decision-{s.entry.id}",
    }
    if s.restriction is Restriction.EDITED:
        line["decision_visibility_other"] = _EDITED
    explanation = _cut(s.entry.reason_text or f"Reason: {code}.", "illegal_content_explanation")
    if s.illegal:
        line["decision_ground"] = "DECISION_GROUND_ILLEGAL_CONTENT"
        line["illegal_content_legal_ground"] = _cut(s.law or "Illegal content (not specified "
                                                    "further)", "illegal_content_legal_ground")
        line["illegal_content_explanation"] = explanation
        if s.country in tdb.EUROPEAN_COUNTRY_CODES:
            line["territorial_scope"] = [s.country]
    else:
        line["decision_ground"] = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
        line["incompatible_content_ground"] = _cut(f"House rules: {code}",
                                                   "incompatible_content_ground")
        line["incompatible_content_explanation"] = explanation
        line["incompatible_content_illegal"] = tdb.YES if code == "child_safety" else tdb.NO
    return line


def _url(s: Statement) -> str:
    # The page the comment was on, and its anchor in the widget; no reader's data.
    thread = s.comment.thread if s.comment is not None else None
    page = (thread.url or thread.key) if thread is not None else "comment"
    return f"{page}#margin-comment-{s.entry.comment_id}"


def statements(since: datetime, until: datetime) -> Iterator[dict]:
    """Yield the period's statements in the Transparency Database's format, oldest first."""
    for s in in_period(since, until):
        yield to_statement(s)
