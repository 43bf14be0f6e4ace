"""The facts of each message notice and action owes someone, for a mail subscriber to render.

Each function returns Message values: the recipient's address and name, a kind (which
template), and facts holding only what that recipient may see: an author is not told who
reported them, a reporter is not told the author's address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..extensions import db
from ..models import Appeal, AppealParty, AuditEntry, Comment, Report
from . import links
from .statements import Source, Statement, describe

# How much of the comment a message quotes, so the recipient knows which one is meant.
EXCERPT_LENGTH = 200


@dataclass(frozen=True)
class Message:
    """One message to one person."""

    kind: str
    to: str
    name: str | None
    facts: dict = field(default_factory=dict)


def _excerpt(comment: Comment | None) -> str | None:
    if comment is None:
        return None
    body = " ".join(comment.body.split())
    return body if len(body) <= EXCERPT_LENGTH else body[:EXCERPT_LENGTH - 1] + "…"


def _where(comment: Comment | None) -> dict:
    thread = comment.thread if comment is not None else None
    return {"comment_id": comment.id if comment is not None else None,
            "page_url": thread.url if thread is not None else None,
            "page_title": thread.title if thread is not None else None,
            "excerpt": _excerpt(comment)}


def _ground(s: Statement) -> dict:
    if s.illegal:
        return {"type": "law", "law": s.law, "reason_code": s.entry.reason_code}
    return {"type": "house_rules", "reason_code": s.entry.reason_code or "other"}


def acknowledgement(report: Report) -> Message | None:
    """Return the receipt owed to a reporter who gave an address (event notice_received)."""
    if not report.reporter_email:
        return None
    comment = db.session.get(Comment, report.comment_id)
    return Message("notice_received", report.reporter_email, report.reporter_name, {
        "notice_id": report.id, "received_at": report.created_at.isoformat(),
        "category": report.category.value, "law": report.law, "country": report.country,
        "trusted_flagger": report.flagger_id is not None, **_where(comment)})


def notice_decision(report: Report, decision: AuditEntry, acted: bool) -> Message | None:
    """Return the decision on a notice owed to its reporter (event notice_decided)."""
    if not report.reporter_email:
        return None
    comment = db.session.get(Comment, report.comment_id)
    facts = {"notice_id": report.id, "received_at": report.created_at.isoformat(),
             "decided_at": decision.created_at.isoformat(), "acted": acted,
             "decision": decision.action.removeprefix("comment."),
             "automatic": decision.token_id is None,
             "reason_code": decision.reason_code, "reason_text": decision.reason_text,
             **_where(comment)}
    if not acted:
        # A decision not to act may be contested by the one who asked for action.
        grant = links.Grant(decision.id, AppealParty.REPORTER, report.id)
        facts["complaint_url"] = links.complaint_url(grant)
        facts["complaint_days"] = links.VALID_FOR.days
    return Message("notice_decided", report.reporter_email, report.reporter_name, facts)


def statement_of_reasons(entry: AuditEntry) -> Message | None:
    """Return the statement of reasons owed to a comment's author (event statement_issued)."""
    s = describe(entry)
    if s.comment is None or not s.comment.email:
        return None
    grant = links.Grant(entry.id, AppealParty.AUTHOR)
    return Message("statement_of_reasons", s.comment.email, s.comment.author, {
        "decision_id": entry.id, "decided_at": entry.created_at.isoformat(),
        "restriction": s.restriction.value,
        "facts": entry.reason_text,
        "prompted_by_notice": s.source is not Source.OWN_INITIATIVE,
        "trusted_flagger": s.source is Source.TRUSTED_FLAGGER,
        "automatic_detection": s.detected_automatically,
        "automatic_decision": s.automatic,
        "ground": _ground(s),
        "complaint_url": links.complaint_url(grant),
        "complaint_days": links.VALID_FOR.days,
        **_where(s.comment)})


def appeal_receipt(appeal: Appeal) -> Message | None:
    """Return the receipt owed to the one who contested a decision (event appeal_received)."""
    to = _complainant(appeal)
    if to is None:
        return None
    return Message("appeal_received", to[0], to[1], {
        "appeal_id": appeal.id, "received_at": appeal.created_at.isoformat(),
        **_where(_comment(appeal))})


def appeal_outcome(appeal: Appeal) -> list[Message]:
    """Return the outcome owed to the complainant and the other party (event appeal_decided)."""
    comment = _comment(appeal)
    facts = {"appeal_id": appeal.id, "party": appeal.party.value,
             "received_at": appeal.created_at.isoformat(),
             "decided_at": appeal.decided_at.isoformat() if appeal.decided_at else None,
             "outcome": appeal.outcome.value if appeal.outcome else None,
             "reason": appeal.reason, **_where(comment)}
    messages = []
    complainant = _complainant(appeal)
    if complainant:
        messages.append(Message("appeal_decided", *complainant, facts))
    for to, name in _other_party(appeal, comment):
        messages.append(Message("appeal_decided_other_party", to, name, facts))
    return messages


def _comment(appeal: Appeal) -> Comment | None:
    return db.session.get(Comment, appeal.comment_id) if appeal.comment_id else None


def _complainant(appeal: Appeal) -> tuple[str, str | None] | None:
    if appeal.party is AppealParty.AUTHOR:
        comment = _comment(appeal)
        return (comment.email, comment.author) if comment and comment.email else None
    report = db.session.get(Report, appeal.report_id) if appeal.report_id else None
    return (report.reporter_email, report.reporter_name) if report and \
        report.reporter_email else None


def _other_party(appeal: Appeal, comment: Comment | None) -> list[tuple[str, str | None]]:
    if appeal.party is AppealParty.REPORTER:
        return [(comment.email, comment.author)] if comment and comment.email else []
    decision = db.session.get(AuditEntry, appeal.decision_id)
    notices = describe(decision).notices if decision is not None else []
    return list(dict.fromkeys((n.reporter_email, n.reporter_name) for n in notices
                              if n.reporter_email))
