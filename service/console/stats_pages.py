"""The stats page: a period's figures at a glance, drawn as charts with tables beside them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import render_template, request
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..models import ReportCategory
from ..moderation import stats
from ..moderation.actions import REASON_CODES
from . import charts
from .auth import signed_in
from .blueprint import bp
from .forms import query_args
from .i18n import t

# The period picker's presets, in days; the default is a week.
PRESETS = (1, 7, 30, 90)
DEFAULT_DAYS = 7
# A year and a day: longer periods make unreadable charts and slow queries.
MAX_DAYS = 366
# Stacked in this order, bottom up: the day's comments by what became of them.
DAILY_SERIES = ("published", "held", "spam")
MINUTE, HOUR = 60, 3_600
OUTCOMES = ("approve", "reject", "spam", "ham", "delete", "restore", "hide")


class PeriodIn(Schema):
    """A period as the picker sends it: a preset, or a first and last day."""

    days = fields.Integer(load_default=None, validate=validate.OneOf(PRESETS))
    first = fields.Date(data_key="from", load_default=None)
    last = fields.Date(data_key="to", load_default=None)

    @validates_schema
    def _ordered(self, data, **kwargs):
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            raise ValidationError(t("stats.error.order"), "to")
        if first and last and (last - first).days + 1 > MAX_DAYS:
            raise ValidationError(t("stats.error.long", days=MAX_DAYS), "to")


def period_of(args: dict, today: date) -> tuple[date, date, int | None]:
    """Return the first and last day asked for (a preset when no days are given)."""
    first, last = args["first"], args["last"]
    if first is None and last is None:
        days = args["days"] or DEFAULT_DAYS
        return today - timedelta(days=days - 1), today, days
    last = last or today
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    # One day given: the schema could not compare it with the one filled in here.
    if first > last:
        raise ValidationError({"to": [t("stats.error.order")]})
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationError({"from": [t("stats.error.long", days=MAX_DAYS)]})
    return first, last, None


def duration(seconds: float | None) -> str:
    """Return a wait as a person reads it: seconds, minutes or hours."""
    if seconds is None:
        return "\N{EN DASH}"
    if seconds < MINUTE:
        return f"{round(seconds)} s"
    if seconds < HOUR:
        return f"{round(seconds / MINUTE)} min"
    return f"{seconds / HOUR:.1f} h"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


@bp.get("/stats")
@signed_in()
def stats_page():
    """Show the figures of a period, a week by default."""
    today = datetime.now(UTC).date()
    try:
        first, last, preset = period_of(PeriodIn().load(query_args()), today)
    except ValidationError as e:
        return render_template("console/stats.html", presets=PRESETS, preset=None,
                               first=request.args.get("from", ""),
                               last=request.args.get("to", ""), errors=e.messages), 400
    since, until = _midnight(first), _midnight(last + timedelta(days=1))
    figures = stats.period(since, until)
    # The same number of days just before: is this week busier than the last?
    previous = stats.period(since - (until - since), since)
    days = stats.daily(since, until)
    for day in days:
        day["published"] = max(day["received"] - day["held"] - day["spam"], 0)
    decisions = figures["decisions"]
    reports = figures["reports"]
    waits = stats.waits(since, until)
    return render_template(
        "console/stats.html", presets=PRESETS, preset=preset, first=first.isoformat(),
        last=last.isoformat(), figures=figures,
        median=duration(reports["median_seconds_to_decision"]), previous=previous,
        previous_median=duration(previous["reports"]["median_seconds_to_decision"]),
        days=days, series=DAILY_SERIES,
        daily_chart=charts.columns(days, list(DAILY_SERIES)),
        outcomes=charts.bars([(k, t(f"stats.outcome.{k}") if k in OUTCOMES else k, n)
                              for k, n in decisions["by_outcome"].items()]),
        reasons=charts.bars([(k, t(f"reason.{k}") if k in REASON_CODES else t("stats.none"),
                              n) for k, n in decisions["by_reason"].items()]),
        categories=charts.bars([(c.value, t(f"stats.category.{c.value}"),
                                 reports["by_category"].get(c.value, 0))
                                for c in ReportCategory if reports["by_category"].get(c.value)]),
        waits=charts.bars([(k, t(f"stats.wait.{k}"), n) for k, n in waits.items()
                           if any(waits.values())],
                          largest_first=False))
