"""Complaints against moderation decisions (DSA Art. 20), decided by another person."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import events, paging
from ..error_shape import APIError
from ..extensions import db
from ..models import (
    Account,
    Appeal,
    AppealOutcome,
    AppealParty,
    AuditEntry,
    Comment,
    CommentRevision,
    CommentStatus,
    Report,
    Thread,
    utcnow,
)
from ..moderation import actions, audit
from ..moderation.actor import Actor
from .links import Grant

# Decisions not to act on a notice, which its reporter may contest.
KEPT_ACTIONS = frozenset({"comment.approve", "comment.ham"})
APPEAL_REASON = "appeal"


def contested(grant: Grant) -> tuple[AuditEntry, Report | None]:
    """Return the decision a link lets its holder contest, or raise a 404."""
    decision = db.session.get(AuditEntry, grant.decision_id)
    report = db.session.get(Report, grant.report_id) if grant.report_id else None
    if grant.party is AppealParty.AUTHOR:
        valid = decision is not None and decision.action in audit.STATEMENT_ACTIONS
    else:
        valid = (decision is not None and decision.action in KEPT_ACTIONS
                 and report is not None and report.comment_id == decision.comment_id)
    if not valid:
        raise APIError(404, "not_found", "No such decision.")
    return decision, report


def already_filed(grant: Grant) -> Appeal | None:
    """Return the complaint this link already made, if any: one per link."""
    return db.session.execute(sa.select(Appeal).where(
        Appeal.decision_id == grant.decision_id, Appeal.party == grant.party,
        Appeal.report_id.is_(None) if grant.report_id is None
        else Appeal.report_id == grant.report_id).limit(1)).scalar_one_or_none()


def file(grant: Grant, text: str) -> Appeal:
    """Store a complaint against a decision and commit; one per link (409 for a second)."""
    decision, report = contested(grant)
    if already_filed(grant) is not None:
        raise APIError(409, "conflict", "This decision has already been contested.")
    appeal = Appeal(decision_id=decision.id, comment_id=decision.comment_id,
                    report_id=report.id if report else None, party=grant.party, text=text)
    db.session.add(appeal)
    db.session.flush()
    # The complaint's text may name people: the log keeps who contested what, not the text.
    audit.record(None, "appeal.receive", "appeal", appeal.id, thread_id=decision.thread_id,
                 after={"decision": decision.id, "party": grant.party.value})
    events.appeal_received.send(appeal, decision=decision)
    db.session.commit()
    return appeal


def list_appeals(decided: bool | None, *, limit: int,
                 cursor: str | None) -> tuple[list[Appeal], str | None]:
    """Return a page of complaints, oldest first (the queue), and the next cursor."""
    query = sa.select(Appeal)
    if decided is not None:
        query = query.where(Appeal.decided_at.is_not(None) if decided
                            else Appeal.decided_at.is_(None))
    return paging.by_id(query, Appeal.id, limit=limit, cursor=cursor, oldest_first=True)


def count_open() -> int:
    """Return how many complaints wait for a decision."""
    return db.session.execute(sa.select(sa.func.count(Appeal.id))
                              .where(Appeal.decided_at.is_(None))).scalar_one()


@dataclass(frozen=True)
class Case:
    """A complaint with what a person needs to decide it: the decision, comment, thread."""

    appeal: Appeal
    decision: AuditEntry | None
    decided_by: str | None
    comment: Comment | None
    thread: Thread | None
    report: Report | None


def cases(found: list[Appeal]) -> list[Case]:
    """Return each complaint with its contested decision, its comment and its thread."""
    out = []
    for appeal in found:
        decision = db.session.get(AuditEntry, appeal.decision_id)
        comment = db.session.get(Comment, appeal.comment_id) if appeal.comment_id else None
        thread = db.session.get(Thread, comment.thread_id) if comment else None
        report = db.session.get(Report, appeal.report_id) if appeal.report_id else None
        out.append(Case(appeal, decision, _who(decision), comment, thread, report))
    return out


def _who(decision: AuditEntry | None) -> str | None:
    # A console account's actor is its address: show the person's name instead.
    if decision is None:
        return None
    if decision.account_id is not None:
        account = db.session.get(Account, decision.account_id)
        if account is not None:
            return account.name
    return decision.actor


def get(appeal_id: int) -> Appeal:
    """Return a complaint, or raise a 404."""
    appeal = db.session.get(Appeal, appeal_id)
    if appeal is None:
        raise APIError(404, "not_found", "No such appeal.")
    return appeal


def _automatic(actor: Actor) -> bool:
    # The filters act with neither a token nor a console account.
    return actor.token_id is None and actor.account_id is None


def _same_person(decision: AuditEntry, actor: Actor) -> bool:
    if actor.account_id is not None:
        return decision.account_id == actor.account_id
    return decision.token_id == actor.token_id


def decide(appeal_id: int, outcome: AppealOutcome, reason: str, actor: Actor) -> Appeal:
    """Uphold or reverse a decision on a complaint and commit; a reversal undoes it."""
    appeal = db.session.execute(sa.select(Appeal).where(Appeal.id == appeal_id)
                                .with_for_update()).scalar_one_or_none()
    if appeal is None:
        raise APIError(404, "not_found", "No such appeal.")
    if appeal.decided_at is not None:
        raise APIError(409, "conflict", "This appeal has been decided already.")
    decision = db.session.get(AuditEntry, appeal.decision_id)
    # Art. 20(6): not solely automated, and not by the person who took the decision.
    if _automatic(actor) or (decision is not None and _same_person(decision, actor)):
        raise APIError(409, "conflict", "Another person must decide on a complaint against "
                                        "this decision.")
    comment = db.session.get(Comment, appeal.comment_id) if appeal.comment_id else None
    appeal.outcome, appeal.reason = outcome, reason
    appeal.decided_at, appeal.decided_by = utcnow(), actor.name
    appeal.decided_by_token_id = actor.token_id
    if outcome is AppealOutcome.REVERSE and comment is not None and decision is not None:
        _reverse(appeal, decision, comment, reason, actor)
    audit.record(actor, f"appeal.{outcome.value}", "appeal", appeal.id, comment=comment,
                 thread_id=decision.thread_id if decision else None,
                 after={"decision": appeal.decision_id, "party": appeal.party.value},
                 reason_code=APPEAL_REASON, reason_text=reason)
    events.appeal_decided.send(appeal, decision=decision, comment=comment)
    db.session.commit()
    return appeal


def _reverse(appeal: Appeal, decision: AuditEntry, comment: Comment, reason: str,
             actor: Actor) -> None:
    """Undo a decision with the moderators' own actions, inside the caller's transaction."""
    if appeal.party is AppealParty.REPORTER:
        # The notice was right after all: the comment comes down, on the notice's ground.
        report = db.session.get(Report, appeal.report_id)
        code = report.category.value if report else APPEAL_REASON
        actions.apply(comment, "reject", actor, reason_code=code, reason_text=reason)
    elif decision.action == "comment.edit":
        revision = db.session.get(CommentRevision, (decision.before or {}).get("revision"))
        if revision is not None:
            actions.revise(comment, revision.body, actor, reason_code=APPEAL_REASON,
                           reason_text=reason)
    else:
        action = "restore" if decision.action == "comment.delete" else "approve"
        actions.apply(comment, action, actor, reason_code=APPEAL_REASON, reason_text=reason)
        if action == "restore" and comment.status is not CommentStatus.APPROVED:
            actions.apply(comment, "approve", actor, reason_code=APPEAL_REASON,
                          reason_text=reason)
