"""`margin abuse`: measure the abuse screener on labelled files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..schema import needs_database
from . import live_model
from .loso import LeftOut
from .measure import (
    DEVELOPMENT,
    FUNCTIONALITY,
    NEWS_TOXIC,
    ORDINARY,
    cross_source,
    has_column,
    read_csv,
    report,
)
from .model import shipped
from .settings import from_config
from .tuning import NEVER_HELD, tune_french


@click.group()
def abuse() -> None:
    """Measure the abuse screener."""


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


@abuse.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@needs_database
def eval_command(file: Path) -> None:
    """Score FILE (columns text, label: abuse/ok or 1/0) as submissions; last line is JSON.

    With a column functionality, the figures per functionality too (by_functionality).
    Pending migrations are applied first, so the moderators' decisions stored in the
    database take part in the score as they do for a real submission.
    """
    settings = from_config(current_app.config)
    try:
        grouped = has_column(file, FUNCTIONALITY)
        rows = list(read_csv(file, group_column=FUNCTIONALITY if grouped else None))
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        raise click.UsageError(f"{file}: {exc}") from None
    result = report(rows, settings, live_model().refresh(), shipped(), by_group=grouped)
    click.echo(f"{file}: {result['n']} rows ({result['abuse']} abuse, {result['ok']} ok), "
               f"AUC {result['auc']:.3f}" if "auc" in result else
               f"{file}: {result['n']} rows ({result['abuse']} abuse, {result['ok']} ok)")
    click.echo(f"  held at threshold {settings.threshold} (French {settings.threshold_fr}): "
               f"ok {_pct(result['ok_held_rate'])}, abuse {_pct(result['abuse_held_rate'])}")
    for fine, r in result.get("by_functionality", {}).items():
        shown = [f"{name} {_pct(r[key])} of {r[count]}"
                 for name, key, count in (("abuse held", "abuse_held_rate", "abuse"),
                                          ("ok held", "ok_held_rate", "ok")) if r[count]]
        click.echo(f"  {fine:28} {', '.join(shown)}")
    click.echo(json.dumps(result, sort_keys=True))


@abuse.command("crosscheck")
@click.argument("data", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--patterns-only", is_flag=True,
              help="Leave the trained model out: the patterns and word lists alone.")
@with_appcontext
def crosscheck_command(data: Path, patterns_only: bool) -> None:
    """Print held rates per toxicity source and per HateCheck-fr functionality; last line JSON.

    DATA is the folder holding toxicity/ and hatecheck-fr/ (the project's labelled data).
    Each toxicity source is scored with the model rebuilt from the repository's data/abuse/
    without that source (leave one source out); HateCheck-fr, which it never learns from,
    with the shipped model. Then every Civil Comments row (rated toxic by readers' raters)
    is scored against the ordinary rows of Wikipedia talk and of Davidson's tweets, each pair
    with the model rebuilt without both of its sources. Moderators' decisions take no part;
    configured thresholds.
    """
    left_out = None if patterns_only else LeftOut(
        progress=lambda s: click.echo(f"training without {s}...", err=True))
    try:
        result = cross_source(data, from_config(current_app.config), left_out)
    except (OSError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"Threshold {result['threshold']} (French {result['threshold_fr']}); "
               f"model: {result['model']}; "
               f"development sets, not tests: {', '.join(DEVELOPMENT)}")
    click.echo(f"{'source':40} {'n':>6} {'abuse':>6} {'AUC':>6} {'ok held':>8} "
               f"{'abuse held':>10}")
    for name, r in result["sources"].items():
        auc = f"{r['auc']:.3f}" if "auc" in r else "-"
        click.echo(f"{name:40} {r['n']:>6} {r['abuse']:>6} {auc:>6} "
                   f"{_pct(r['ok_held_rate']):>8} {_pct(r['abuse_held_rate']):>10}")
    click.echo("")
    click.echo(f"Proxy for news comments rated toxic: every {NEWS_TOXIC} row (toxic) against "
               "another site's ordinary rows; model without both")
    click.echo(f"{'ordinary rows':40} {'toxic':>6} {'ok':>6} {'AUC':>6} {'ok held':>8} "
               f"{'toxic held':>10}")
    for name, r in result["news_proxy"].items():
        auc = f"{r['auc']:.3f}" if "auc" in r else "-"
        click.echo(f"{name + ' (' + ORDINARY[name] + ')':40} {r['abuse']:>6} {r['ok']:>6} "
                   f"{auc:>6} {_pct(r['ok_held_rate']):>8} {_pct(r['abuse_held_rate']):>10}")
    click.echo("")
    click.echo(f"{'HateCheck-fr functionality':28} {'label':>6} {'held (test half)':>17} "
               f"{'held (dev half)':>16}")
    for fine, halves in result["hatecheck_fr"].items():
        label = "hate" if fine.endswith("_h") else "ok"
        shown = []
        for half in ("test", "dev"):
            r = halves[half]
            rate = r["abuse_held_rate"] if label == "hate" else r["ok_held_rate"]
            shown.append(f"{_pct(rate)} of {r['n']}")
        click.echo(f"{fine:28} {label:>6} {shown[0]:>17} {shown[1]:>16}")
    click.echo(json.dumps(result, sort_keys=True))


@abuse.command("tune-fr")
@click.argument("data", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def tune_fr_command(data: Path) -> None:
    """Choose the French threshold on HateCheck-fr's development half; last line JSON.

    DATA is the folder holding hatecheck-fr/. The threshold holding the most hateful cases
    while neutral mentions, counter-speech and negation stay within their limits is the
    one to set as ABUSE_THRESHOLD_FR; the figures `crosscheck` reports are other data.
    """
    try:
        result = tune_french(data, from_config(current_app.config), shipped())
    except (OSError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    limits = ", ".join(f"{f} <= {_pct(m)}" for f, m in NEVER_HELD.items())
    click.echo(f"HateCheck-fr {result['half']} half; limits: {limits}")
    for threshold, row in result["candidates"].items():
        worst = ", ".join(f"{f} {_pct(row['held'].get(f))}" for f in NEVER_HELD)
        click.echo(f"  {threshold:.2f}: hateful held {_pct(row['hateful_held'])}; {worst}"
                   f"{'' if row['within_limits'] else '  (over a limit)'}")
    click.echo(f"chosen: {result['chosen']}")
    click.echo(json.dumps(result, sort_keys=True))
