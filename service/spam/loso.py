"""Leave one source out: train on every other source, score the one left out as submissions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from . import datasets
from .evaluate import auc, metrics
from .pipeline import run_stream
from .train import Settings, prepare, train

# Comment lengths (characters) the length property is reported over.
LENGTH_BANDS = ((0, 200), (200, 800), (800, None))


@dataclass
class Fold:
    """One held-out source's labels, scores and texts."""

    source: str
    labels: list[bool] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)


def run(sources: Iterable[str], config: Mapping, settings: Settings | None = None,
        replay: bool = False, progress: Callable[[str], None] | None = None,
        max_rows: int = 0) -> list[Fold]:
    """Return, for each source, the scores of its rows by a model trained without it."""
    # max_rows: score at most this many evenly spaced rows of a source (0: all of them).
    settings = settings or Settings()
    everything = datasets.shipped()
    cache: dict = {}  # each text is featurised once across all the trainings
    folds = []
    for name in sources:
        if progress:
            progress(name)
        rows = [e for e in everything if e.source == name]
        if max_rows and len(rows) > max_rows:
            rows = [rows[i * len(rows) // max_rows] for i in range(max_rows)]
        model = train(prepare([e for e in everything if e.source != name], settings),
                      settings, cache=cache)
        labels, scores = run_stream(rows, model, config, replay)
        folds.append(Fold(name, labels, scores, [len(e.text) for e in rows],
                          [e.lang for e in rows]))
    return folds


def summary(labels: list[bool], scores: list[float], low: float, high: float) -> dict:
    """Return the figures the report shows: ham held and filed, spam published, AUC."""
    m = metrics(labels, scores, low, high)
    both = m["spam"] and m["ham"]
    return {"n": m["n"], "spam": m["spam"], "ham": m["ham"],
            "ham_held": m["ham_held_rate"] if m["ham"] else None,
            "ham_filed_as_spam": m["ham_flagged_rate"] if m["ham"] else None,
            "spam_published": m["spam_published_rate"] if m["spam"] else None,
            "spam_filed_as_spam": m["recall"] if m["spam"] else None,
            "auc": m["auc"] if both else None}


def _select(folds: list[Fold], keep: Callable[[Fold, int], bool]) -> tuple[list, list]:
    labels, scores = [], []
    for fold in folds:
        for i, (y, s) in enumerate(zip(fold.labels, fold.scores, strict=True)):
            if keep(fold, i):
                labels.append(y)
                scores.append(s)
    return labels, scores


def report(folds: list[Fold], low: float, high: float, halves: bool = False) -> dict:
    """Return per-source figures (halves: also each half's), ham by length and language."""
    out = {"thresholds": {"low": low, "high": high},
           "sources": {f.source: summary(f.labels, f.scores, low, high) for f in folds}}
    if halves:  # after --replay: the second half was scored by a model that learned the first
        for f in folds:
            mid = len(f.labels) // 2
            out["sources"][f.source]["first_half"] = summary(f.labels[:mid], f.scores[:mid],
                                                             low, high)
            out["sources"][f.source]["second_half"] = summary(f.labels[mid:], f.scores[mid:],
                                                              low, high)
    out["overall"] = summary(*_select(folds, lambda f, i: True), low, high)
    bands = {}
    for lo, hi in LENGTH_BANDS:
        label = f"{lo}+" if hi is None else f"{lo}-{hi - 1}"
        bands[label] = summary(*_select(
            folds, lambda f, i, lo=lo, hi=hi: lo <= f.lengths[i] and (hi is None
                                                                      or f.lengths[i] < hi)),
            low, high)
    out["by_length"] = bands
    # Spam from the spam-only sources ranked against the ordinary comments of the ham-only
    # ones, each scored by a model that never saw it: the nearest the data comes to spam
    # and comments from a site the model does not know (pooled across folds).
    one_class = [f for f in folds if len(set(f.labels)) == 1]
    pooled = _select(one_class, lambda f, i: True)
    out["one_class_auc"] = auc(*pooled) if len(set(pooled[0])) == 2 else None
    out["by_language"] = {lang: summary(*_select(folds, lambda f, i, lang=lang:
                                                 f.langs[i] == lang), low, high)
                          for lang in sorted({lang for f in folds for lang in f.langs})}
    return out
