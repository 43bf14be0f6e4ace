"""Transparency figures for a period: what came in, what the filter and moderators did."""

from __future__ import annotations

import csv
import io
import statistics
from datetime import datetime, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import Appeal, AppealOutcome, AuditEntry, Comment, Report, utcnow
from .audit import ABUSE_FILTER

# The period figures cover when none is asked for.
DEFAULT_PERIOD = timedelta(days=30)


def last_period(until: datetime | None = None) -> tuple[datetime, datetime]:
    """Return [until - DEFAULT_PERIOD, until), until being now unless given."""
    until = until or utcnow()
    return until - DEFAULT_PERIOD, until


def period(since: datetime, until: datetime) -> dict:
    """Return the figures for [since, until): comments, decisions, reports, response time."""
    received = db.session.execute(
        sa.select(sa.func.count(Comment.id))
        .where(Comment.created_at >= since, Comment.created_at < until)
    ).scalar_one()
    automatic = _count_by(AuditEntry.action, since, until,
                          AuditEntry.action.in_(["filter.hold", "filter.spam"]))
    held, spam = automatic.get("filter.hold", 0), automatic.get("filter.spam", 0)
    return {
        "from": since.isoformat(),
        "to": until.isoformat(),
        "comments": {
            "received": received,
            # Every comment the filter neither held nor filed as spam was published.
            "auto_approved": max(received - held - spam, 0),
            "held": held,
            "spam": spam,
        },
        "decisions": _decisions(since, until),
        "abuse": _abuse(since, until),
        "hidden_by_reports": _count_by(AuditEntry.action, since, until,
                                       AuditEntry.action == "comment.hide").get(
                                           "comment.hide", 0),
        "reports": _reports(since, until),
        "complaints": _complaints(since, until),
    }


def _count_by(column, since: datetime, until: datetime, *where) -> dict:
    rows = db.session.execute(
        sa.select(column, sa.func.count(AuditEntry.id))
        .where(AuditEntry.created_at >= since, AuditEntry.created_at < until, *where)
        .group_by(column)
    ).all()
    return dict(rows)


def _abuse(since: datetime, until: datetime) -> dict:
    """Count the abuse screener's holds, by the reason code they were held under."""
    by_reason = _count_by(AuditEntry.reason_code, since, until,
                          AuditEntry.action == "filter.hold", AuditEntry.actor == ABUSE_FILTER)
    return {"held": sum(by_reason.values()),
            "held_by_reason": {(k or "none"): n for k, n in by_reason.items()}}


def _decisions(since: datetime, until: datetime) -> dict:
    # Edits are not decisions on whether a comment stays up.
    rows = db.session.execute(
        sa.select(AuditEntry.action, AuditEntry.reason_code, sa.func.count(AuditEntry.id))
        .where(AuditEntry.created_at >= since, AuditEntry.created_at < until,
               # A token or a person decided, not a filter.
               sa.or_(AuditEntry.token_id.is_not(None), AuditEntry.account_id.is_not(None)),
               AuditEntry.action.startswith("comment."),
               AuditEntry.action != "comment.edit")
        .group_by(AuditEntry.action, AuditEntry.reason_code)
    ).all()
    by_outcome: dict[str, int] = {}
    by_reason: dict[str, int] = {}
    for action, reason, n in rows:
        outcome = action.removeprefix("comment.")
        by_outcome[outcome] = by_outcome.get(outcome, 0) + n
        key = reason or "none"
        by_reason[key] = by_reason.get(key, 0) + n
    return {"total": sum(by_outcome.values()), "by_outcome": by_outcome,
            "by_reason": by_reason}


def _reports(since: datetime, until: datetime) -> dict:
    rows = db.session.execute(
        sa.select(Report.category, Report.created_at, Report.resolved_at)
        .where(Report.created_at >= since, Report.created_at < until)
    ).all()
    by_category: dict[str, int] = {}
    waits = []
    for category, created_at, resolved_at in rows:
        by_category[category.value] = by_category.get(category.value, 0) + 1
        if resolved_at is not None:
            waits.append((resolved_at - created_at).total_seconds())
    return {
        "total": len(rows),
        "by_category": by_category,
        "decided": len(waits),
        "median_seconds_to_decision": statistics.median(waits) if waits else None,
    }


def _complaints(since: datetime, until: datetime) -> dict:
    """Count complaints (DSA Art. 20): received and decided in the period, and how fast."""
    received = db.session.execute(sa.select(sa.func.count(Appeal.id)).where(
        Appeal.created_at >= since, Appeal.created_at < until)).scalar_one()
    decided = db.session.execute(
        sa.select(Appeal.outcome, Appeal.created_at, Appeal.decided_at)
        .where(Appeal.decided_at >= since, Appeal.decided_at < until)).all()
    waits = [(done - made).total_seconds() for _, made, done in decided]
    return {
        "received": received,
        "decided": len(decided),
        "reversed": sum(outcome is AppealOutcome.REVERSE for outcome, _, _ in decided),
        "median_seconds_to_decision": statistics.median(waits) if waits else None,
    }


def as_csv(figures: dict) -> str:
    """Return the figures as CSV: one row per figure, named by its path (reports.total)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "value"])
    for name, value in _flatten(figures):
        writer.writerow([name, "" if value is None else value])
    return out.getvalue()


def _flatten(figures: dict, prefix: str = "") -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for key, value in figures.items():
        if isinstance(value, dict):
            rows.extend(_flatten(value, f"{prefix}{key}."))
        else:
            rows.append((f"{prefix}{key}", value))
    return rows


# Upper bounds of the time-to-decision buckets, in seconds; the last bucket is open.
WAIT_BUCKETS = (("hour", 3_600), ("six_hours", 6 * 3_600), ("day", 86_400),
                ("three_days", 3 * 86_400))
WAIT_LONGER = "longer"


def _day(column):
    # date() exists on SQLite and PostgreSQL; both store naive UTC, so days are UTC days.
    return sa.func.date(column)


def _per_day(model, column, since: datetime, until: datetime, *where) -> dict[str, int]:
    day = _day(column)
    rows = db.session.execute(
        sa.select(day, sa.func.count(model.id))
        .where(column >= since, column < until, *where).group_by(day)
    ).all()
    # SQLite answers text, PostgreSQL a date: the same ISO day either way.
    return {str(d)[:10]: n for d, n in rows}


def daily(since: datetime, until: datetime) -> list[dict]:
    """Return one row per UTC day of [since, until): received, held, spam, decisions, reports."""
    received = _per_day(Comment, Comment.created_at, since, until)
    held = _per_day(AuditEntry, AuditEntry.created_at, since, until,
                    AuditEntry.action == "filter.hold")
    spam = _per_day(AuditEntry, AuditEntry.created_at, since, until,
                    AuditEntry.action == "filter.spam")
    decided = _per_day(AuditEntry, AuditEntry.created_at, since, until,
                       sa.or_(AuditEntry.token_id.is_not(None),
                              AuditEntry.account_id.is_not(None)),
                       AuditEntry.action.startswith("comment."),
                       AuditEntry.action != "comment.edit")
    reports = _per_day(Report, Report.created_at, since, until)
    days = []
    day = since.date()
    while datetime.combine(day, datetime.min.time(), since.tzinfo) < until:
        key = day.isoformat()
        days.append({"day": key, "received": received.get(key, 0), "held": held.get(key, 0),
                     "spam": spam.get(key, 0), "decisions": decided.get(key, 0),
                     "reports": reports.get(key, 0)})
        day += timedelta(days=1)
    return days


def waits(since: datetime, until: datetime) -> dict[str, int]:
    """Count the reports of [since, until) decided within each time-to-decision bucket."""
    rows = db.session.execute(
        sa.select(Report.created_at, Report.resolved_at)
        .where(Report.created_at >= since, Report.created_at < until,
               Report.resolved_at.is_not(None))
    ).all()
    counts = {name: 0 for name, _ in WAIT_BUCKETS} | {WAIT_LONGER: 0}
    for created_at, resolved_at in rows:
        seconds = (resolved_at - created_at).total_seconds()
        name = next((n for n, bound in WAIT_BUCKETS if seconds <= bound), WAIT_LONGER)
        counts[name] += 1
    return counts
