"""Statements of reasons (DSA Art. 17): the restricting decisions in the audit log, described."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import AuditEntry, Comment, Report
from ..moderation import audit

# Reason codes whose ground is the law rather than the site's house rules.
LEGAL_REASONS = frozenset({"illegal_content"})
_FILTERS = (audit.SPAM_FILTER, audit.ABUSE_FILTER)
# Statements are read in batches, so a long period never sits in memory at once.
BATCH = 500


class Restriction(enum.StrEnum):
    """What a decision did to the comment."""

    REMOVED = "removed"  # deleted
    DISABLED = "disabled"  # rejected, filed as spam, held or hidden: not shown
    EDITED = "edited"  # its text changed by a moderator


class Source(enum.StrEnum):
    """What prompted a decision."""

    NOTICE = "notice"
    TRUSTED_FLAGGER = "trusted_flagger"
    OWN_INITIATIVE = "own_initiative"


_RESTRICTIONS = {"comment.delete": Restriction.REMOVED, "comment.edit": Restriction.EDITED}


@dataclass
class Statement:
    """A restricting decision with what a statement of reasons says about it."""

    entry: AuditEntry
    comment: Comment | None
    notices: list[Report] = field(default_factory=list)
    detected_automatically: bool = False

    @property
    def restriction(self) -> Restriction:
        """Return what the decision did."""
        return _RESTRICTIONS.get(self.entry.action, Restriction.DISABLED)

    @property
    def automatic(self) -> bool:
        """Tell whether no person took the decision (a filter, or readers' reports' count)."""
        return self.entry.token_id is None

    @property
    def source(self) -> Source:
        """Return what prompted the decision."""
        if any(n.flagger_id is not None for n in self.notices):
            return Source.TRUSTED_FLAGGER
        return Source.NOTICE if self.notices else Source.OWN_INITIATIVE

    @property
    def illegal(self) -> bool:
        """Tell whether the ground is the law (else the house rules)."""
        return (self.entry.reason_code or "") in LEGAL_REASONS

    @property
    def law(self) -> str | None:
        """Return the law a notice named, with its country, for an illegal-content ground."""
        for notice in self.notices:
            if notice.law:
                return f"{notice.law} ({notice.country})" if notice.country else notice.law
        return None

    @property
    def country(self) -> str | None:
        """Return the country whose law a notice named."""
        return next((n.country for n in self.notices if n.country), None)


def describe(entry: AuditEntry) -> Statement:
    """Return the statement of one restricting decision."""
    comment = db.session.get(Comment, entry.comment_id) if entry.comment_id else None
    return Statement(entry, comment, _notices(entry), _detected(entry))


def _notices(entry: AuditEntry) -> list[Report]:
    if entry.action == "comment.hide":
        # Readers' reports hid it: every notice open then prompted the decision.
        query = sa.select(Report).where(Report.comment_id == entry.comment_id,
                                        Report.created_at <= entry.created_at,
                                        sa.or_(Report.resolved_at.is_(None),
                                               Report.resolved_at >= entry.created_at))
    else:
        query = sa.select(Report).where(Report.decision_id == entry.id)
    return list(db.session.execute(query.order_by(Report.id)).scalars())


def _detected(entry: AuditEntry) -> bool:
    if entry.actor in _FILTERS:
        return True
    # A filter held it before a person decided: detected by automated means.
    return db.session.execute(sa.select(AuditEntry.id).where(
        AuditEntry.comment_id == entry.comment_id, AuditEntry.id < entry.id,
        AuditEntry.actor.in_(_FILTERS)).limit(1)).first() is not None


def in_period(since: datetime, until: datetime) -> Iterator[Statement]:
    """Yield the statements of [since, until), oldest first."""
    after = 0
    while True:
        batch = list(db.session.execute(
            sa.select(AuditEntry).where(AuditEntry.created_at >= since,
                                        AuditEntry.created_at < until,
                                        AuditEntry.action.in_(audit.STATEMENT_ACTIONS),
                                        AuditEntry.id > after)
            .order_by(AuditEntry.id).limit(BATCH)).scalars())
        for entry in batch:
            if audit.is_statement(entry):
                yield describe(entry)
        if len(batch) < BATCH:
            return
        after = batch[-1].id
