"""Measure the screener on labelled files: the eval report and the cross-source table."""

from __future__ import annotations

import csv
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..spam.evaluate import auc
from .datasets import SOURCES
from .learning import AbuseModel
from .loso import LeftOut
from .model import BaseModel, shipped
from .pipeline import file_submission, holds, score_submission
from .settings import Settings

_ABUSE = {"abuse", "1", "true", "yes", "toxic"}
_OK = {"ok", "0", "false", "no"}
# The toxicity sets' files, in the order the table shows them.
TOXICITY_FILES = ("wikipedia_talk", "civil_comments_toxicspans", "davidson", "mlma",
                  "stackexchange_offensive")
# Read while writing the patterns (tuning), so never reported as a test: Wikipedia talk
# comments (where the threshold's 1% of ordinary comments was checked) and the "dev"
# half of HateCheck-fr's cases (see hatecheck_half).
DEVELOPMENT = ("wikipedia_talk", "hatecheck-fr dev")
# The proxy for "newspaper comments rated toxic by readers": every Civil Comments row (all
# rated toxic by at least half their raters) against ordinary comments of another site,
# one figure per source of ordinary rows, with the source's `fine` labels taken as ordinary.
NEWS_TOXIC = "civil_comments_toxicspans"
ORDINARY = {"wikipedia_talk": "non-toxic", "davidson": "neither"}
# The optional column of an eval file that groups its rows (HateCheck's functionalities).
FUNCTIONALITY = "functionality"


@dataclass(frozen=True)
class Row:
    """One labelled text."""

    text: str
    abuse: bool
    group: str = ""


def parse_label(value: str) -> bool:
    """Return True for an abuse label, False for an ok one; raise ValueError otherwise."""
    label = (value or "").strip().casefold()
    if label in _ABUSE:
        return True
    if label in _OK:
        return False
    raise ValueError(f"label must be abuse/ok or 1/0, not {value!r}")


def has_column(path: str | Path, name: str) -> bool:
    """Return whether a CSV's header has the column name (any case)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    return name in {field.strip().casefold() for field in header}


def read_csv(path: str | Path, label_column: str = "label",
             group_column: str | None = None) -> Iterator[Row]:
    """Yield the rows of a CSV with columns text and label, in file order."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = {name.strip().casefold(): name for name in reader.fieldnames or ()}
        if "text" not in fields or label_column not in fields:
            raise ValueError(f"the CSV needs a header with columns 'text' and '{label_column}'")
        for number, row in enumerate(reader, start=2):
            try:
                abuse = parse_label(row[fields[label_column]])
            except ValueError as exc:
                raise ValueError(f"line {number}: {exc}") from None
            group = row.get(fields.get(group_column or "", ""), "") if group_column else ""
            yield Row(row[fields["text"]] or "", abuse, group or "")


def report(rows: Iterable[Row], settings: Settings, model: AbuseModel | None = None,
           base: BaseModel | None = None, by_group: bool = False) -> dict:
    """Score rows through the submission path; return the issue's figures.

    With by_group, the figures of each row group (a functionality) too, under
    "by_functionality", in sorted order of the groups.
    """
    labels, scores, held, french, groups = [], [], [], [], []
    for row in rows:
        score = score_submission(file_submission(row.text), settings, model, base)
        labels.append(row.abuse)
        scores.append(score.value)
        held.append(holds(score, settings))
        french.append(int(score.french))
        groups.append(row.group)
    out = figures(labels, scores, held, sum(french))
    if by_group:
        out["by_functionality"] = {
            name: figures(*([x for x, g in zip(col, groups, strict=True) if g == name]
                            for col in (labels, scores, held)),
                          sum(f for f, g in zip(french, groups, strict=True) if g == name))
            for name in sorted(set(groups))}
    return out


def figures(labels: list[bool], scores: list[float], held: list[bool], french: int = 0) -> dict:
    """Return n, abuse, ok, auc (when both labels occur) and the held rates."""
    n_abuse = sum(labels)
    n_ok = len(labels) - n_abuse
    out = {
        "n": len(labels),
        "abuse": n_abuse,
        "ok": n_ok,
        "french": french,
        "ok_held_rate": sum(h for y, h in zip(labels, held, strict=True) if not y) / n_ok
        if n_ok else None,
        "abuse_held_rate": sum(h for y, h in zip(labels, held, strict=True) if y) / n_abuse
        if n_abuse else None,
        "held_rate": sum(held) / len(held) if held else None,
    }
    if n_abuse and n_ok:
        out["auc"] = auc(labels, scores)
    return out


def hatecheck_half(text: str) -> str:
    """Return "dev" or "test": HateCheck-fr's cases split in two by a fixed hash of the text.

    The split is per case, not per template: a test case's template may have been read
    in the dev half with another target group, so the test half flatters the patterns.
    """
    return "test" if zlib.crc32(text.lower().encode()) % 2 else "dev"


def hatecheck_cases(data: Path) -> list[Row]:
    """Return HateCheck-fr's cases, grouped by functionality."""
    return list(read_csv(data / "hatecheck-fr" / "cases.csv", label_column="toxic",
                         group_column="fine"))


def news_proxy(data: Path, settings: Settings, left_out: LeftOut | None = None) -> dict:
    """Score every Civil Comments row as abuse against each source's ordinary rows as ok.

    Per source of ordinary rows, the model is rebuilt without both that source and Civil
    Comments (left_out); None: the patterns alone.
    """
    toxic = [Row(r.text, True) for r in
             read_csv(data / "toxicity" / f"{NEWS_TOXIC}.csv", label_column="toxic")]
    out: dict[str, dict] = {}
    for name, fine in ORDINARY.items():
        ordinary = [Row(r.text, False) for r in read_csv(
            data / "toxicity" / f"{name}.csv", label_column="toxic", group_column="fine")
            if not r.abuse and r.group == fine]
        base = left_out.without(NEWS_TOXIC, name) if left_out else None
        out[name] = report(toxic + ordinary, settings, base=base)
    return out


def cross_source(data: Path, settings: Settings, left_out: LeftOut | None = None) -> dict:
    """Score each toxicity source (per language) and HateCheck-fr per functionality.

    Each toxicity source is scored with the model rebuilt without it (left_out); a source
    the model never learns from, and HateCheck-fr, with the shipped model. None: the
    patterns alone.
    """
    sources: dict[str, dict] = {}
    for name in TOXICITY_FILES:
        path = data / "toxicity" / f"{name}.csv"
        by_lang: dict[str, list[Row]] = {}
        for row in read_csv(path, label_column="toxic", group_column="lang"):
            by_lang.setdefault(row.group, []).append(row)
        for lang, rows in sorted(by_lang.items()):
            key = name if len(by_lang) == 1 else f"{name} ({lang})"
            # The model's sources are split by language where a set mixes them (mlma).
            trained = f"{name}-{lang}" if f"{name}-{lang}" in SOURCES else name
            base = left_out.without(trained) if left_out else None
            sources[key] = report(rows, settings, base=base)
    base = shipped() if left_out else None
    functionalities: dict[str, dict] = {}
    cases = hatecheck_cases(data)
    for half in ("dev", "test"):
        for fine in sorted({c.group for c in cases}):
            rows = [c for c in cases if c.group == fine and hatecheck_half(c.text) == half]
            functionalities.setdefault(fine, {})[half] = report(rows, settings, base=base)
    return {"threshold": settings.threshold, "threshold_fr": settings.threshold_fr,
            "model": "left out" if left_out else "none",
            "development": list(DEVELOPMENT), "sources": sources,
            "news_proxy": news_proxy(data, settings, left_out),
            "hatecheck_fr": functionalities}
