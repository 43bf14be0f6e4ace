"""`margin spam`: rebuild the classifier, and measure the scorer on labelled files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models.spam import SpamFeedback, SpamLabel, SpamModel
from ..schema import needs_database
from . import datasets, live_model, loso
from .model import Model
from .pipeline import report, run_stream
from .train import Settings, prepare, train

_SOURCE_NAMES = {datasets.SMS: "SMS messages"}


@click.group()
def spam() -> None:
    """Train and measure the spam scorer."""


def _source_name(source: str) -> str:
    """Return a readable name for an example's source."""
    if source.startswith("Youtube"):
        return "YouTube comments"
    if source in datasets.CONVERSATION:
        return "ordinary comments"
    if source in datasets.WEB_SPAM:
        return "web spam posts"
    return _SOURCE_NAMES.get(source, source)


def _summary(examples: list[datasets.Example], kept: int, feedback: list[SpamFeedback],
             model_id: int | None, size: int) -> str:
    """Return the one-line summary of a training run."""
    counts = Counter(_source_name(e.source) for e in examples if e.source != "moderator")
    parts = [f"{n:,} {name}" for name, n in counts.items()]
    spam_n = sum(1 for r in feedback if r.label is SpamLabel.SPAM)
    plural = "" if len(feedback) == 1 else "s"
    parts.append(f"{len(feedback):,} moderator decision{plural} ({spam_n} spam, "
                 f"{len(feedback) - spam_n} ham)")
    where = f"stored as model #{model_id}" if model_id else "not stored"
    return (f"Learned from {kept:,} texts ({', '.join(parts)}; "
            f"{len(examples) - kept:,} duplicates and thinned rows left out); "
            f"{size / 1e6:.1f} MB, {where}.")


@spam.command("train")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the model to this file.")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Store the model in the database, where every process picks it up.")
@needs_database
def train_command(output: Path | None, store: bool) -> None:
    """Rebuild the classifier from the shipped data plus every moderator decision."""
    rows = db.session.execute(sa.select(SpamFeedback).order_by(SpamFeedback.id)).scalars().all()
    upto = rows[-1].id if rows else 0
    # Newest first, so a moderator's latest word on a text beats older labels of it.
    feedback = [r for r in reversed(rows) if r.current]
    examples = [datasets.Example(r.text, r.label is SpamLabel.SPAM, "moderator")
                for r in feedback]
    try:
        examples.extend(datasets.shipped())
    except datasets.MissingData as exc:
        raise click.ClickException(str(exc)) from None
    settings = Settings()
    docs = prepare(examples, settings)
    with click.progressbar(length=settings.epochs, label=f"Training on {len(docs):,} texts",
                           show_pos=True) as bar:
        model = train(docs, settings, progress=bar.update)
    blob = model.dumps()
    model_id = None
    summary = _summary(examples, len(docs), feedback, None, len(blob))
    if store:
        row = SpamModel(blob=blob, feedback_upto=upto, summary=summary)
        db.session.add(row)
        db.session.flush()
        model_id = row.id
        summary = _summary(examples, len(docs), feedback, model_id, len(blob))
        row.summary = summary
        db.session.commit()
    if output:
        output.write_bytes(blob)
    click.echo(summary)


def _pct(x: float) -> str:
    """Return a rate as a percentage."""
    return f"{100 * x:.1f}%"


def _echo_report(title: str, result: dict) -> None:
    """Print the human part of a report."""
    click.echo(f"{title}: {result['n']} rows ({result['spam']} spam, {result['ham']} ham), "
               f"AUC {result['auc']:.3f}, F1 {result['f1']:.3f}")
    click.echo(f"  ham flagged as spam {_pct(result['ham_flagged_rate'])}, "
               f"spam published {_pct(result['spam_published_rate'])}, "
               f"held for moderation {_pct(result['held_rate'])} "
               f"(ham {_pct(result['ham_held_rate'])})")
    for half in ("first_half", "second_half"):
        if half in result:
            part = result[half]
            click.echo(f"  {half.replace('_', ' ')}: AUC {part['auc']:.3f}, F1 {part['f1']:.3f}, "
                       f"ham flagged {_pct(part['ham_flagged_rate'])}, spam published "
                       f"{_pct(part['spam_published_rate'])}, held {_pct(part['held_rate'])}")


@spam.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replay", is_flag=True,
              help="After scoring each row, learn its label as a moderator's decision would.")
@click.option("--model", "model_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="Score with this model file instead of the live model.")
@needs_database
def eval_command(file: Path, replay: bool, model_file: Path | None) -> None:
    """Score FILE (columns text, label) as submissions; the last line is a JSON report."""
    try:
        examples = list(datasets.read_csv(file))
    except ValueError as exc:
        raise click.UsageError(f"{file}: {exc}") from None
    # A copy: replaying labels must never change the live model.
    model = Model.loads(model_file.read_bytes()) if model_file else live_model().snapshot()
    labels, scores = run_stream(examples, model, current_app.config, replay)
    result = report(labels, scores, current_app.config, replay)
    _echo_report(str(file), result)
    click.echo(json.dumps(result, sort_keys=True))


def _cell(value: float | None) -> str:
    """Return a rate for the table, or a dash where the class is absent."""
    return "-" if value is None else _pct(value)


def _echo_loso(result: dict) -> None:
    """Print the leave-one-source-out table."""
    click.echo("source | n | ham held | ham filed as spam | spam published | AUC")
    rows = [*result["sources"].items(), ("all sources", result["overall"])]
    rows += [(f"ham, {band} characters", r) for band, r in result["by_length"].items()]
    rows += [(f"language {lang}", r) for lang, r in result["by_language"].items()]
    for name, r in rows:
        for label, part in ((name, r), (f"{name}, first half", r.get("first_half")),
                            (f"{name}, second half", r.get("second_half"))):
            if part is None:
                continue
            auc = "-" if part["auc"] is None else f"{part['auc']:.3f}"
            click.echo(f"{label} | {part['n']} | {_cell(part['ham_held'])} | "
                       f"{_cell(part['ham_filed_as_spam'])} | {_cell(part['spam_published'])} "
                       f"| {auc}")
    if result["one_class_auc"] is not None:
        click.echo(f"AUC, spam-only sources against ordinary-comment sources: "
                   f"{result['one_class_auc']:.3f}")


def _loso(sources: tuple[str, ...], replay: bool, max_rows: int = 0) -> None:
    config = current_app.config
    with click.progressbar(length=len(sources), label="Training and scoring",
                           item_show_func=lambda s: s) as bar:
        def step(name: str) -> None:
            bar.update(1, name)

        try:
            folds = loso.run(sources, config, Settings(), replay, progress=step,
                             max_rows=max_rows)
        except datasets.MissingData as exc:
            raise click.ClickException(str(exc)) from None
    result = loso.report(folds, float(config["SPAM_THRESHOLD_LOW"]),
                         float(config["SPAM_THRESHOLD_HIGH"]), halves=replay)
    _echo_loso(result)
    click.echo(json.dumps(result, sort_keys=True))


@spam.command("loso")
@click.option("--source", "sources", multiple=True, type=click.Choice(datasets.SOURCES),
              help="Leave out only this source (repeatable; default: every source).")
@click.option("--replay", is_flag=True, help="Learn each row's label after scoring it.")
@click.option("--max-rows", default=5000, show_default=True, type=click.IntRange(0),
              help="Score at most this many evenly spaced rows of each source (0: all).")
@needs_database
def loso_command(sources: tuple[str, ...], replay: bool, max_rows: int) -> None:
    """Leave one source out: train on all the others, score it as submissions, per source."""
    _loso(sources or datasets.SOURCES, replay, max_rows)


@spam.command("lovo")
@click.option("--replay", is_flag=True, help="Learn each comment's label after scoring it.")
@needs_database
def lovo_command(replay: bool) -> None:
    """Leave one YouTube video out (`loso` for the five videos only)."""
    _loso(datasets.VIDEOS, replay)
