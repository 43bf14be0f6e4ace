"""Train the abuse model reproducibly: fixed seed, fixed order, pure Python."""

from __future__ import annotations

import math
import random
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from ..spam.model import sigmoid
from .datasets import Example
from .model import DIM_BITS, BaseModel, buckets
from .text import canonical


@dataclass(frozen=True)
class Settings:
    """Hyper-parameters of a training run; the defaults build the shipped model."""

    epochs: int = 3
    rate: float = 0.5
    # The bias moves this much slower than the weights: it is one number for every text.
    bias_rate: float = 0.1
    seed: int = 20261206
    # Past this many rows a source's class is thinned to evenly spaced rows, and only the
    # start of long texts is read: both keep a pure-Python rebuild short.
    max_rows_per_class: int = 8000
    max_chars: int = 1000


def prepare(examples: Iterable[Example], settings: Settings,
            cache: dict | None = None) -> list[tuple[bool, list[int], float]]:
    """Return (label, buckets, weight) per row, every source and class weighing the same.

    Each set defines abuse its own way and holds its own share of it (2% of Wikipedia
    comments, 83% of Davidson's tweets): weighing every (source, label) pair equally makes
    the model learn what separates abuse from the rest within each source, not which
    source a text comes from.
    """
    groups: dict[tuple[str, bool], list[Example]] = {}
    for e in examples:
        groups.setdefault((e.source, e.abuse), []).append(e)
    sources = {s for s, _ in groups}
    docs: list[tuple[bool, list[int], float]] = []
    for (src, label), rows in sorted(groups.items()):
        keep = settings.max_rows_per_class
        if len(rows) > keep:
            rows = [rows[i * len(rows) // keep] for i in range(keep)]
        classes = sum(1 for s, _ in groups if s == src)
        share = 1.0 / (len(sources) * classes * len(rows))
        for e in rows:
            text = e.text[:settings.max_chars]
            found = cache.get(text) if cache is not None else None
            if found is None:
                found = buckets(canonical(text).words)
                if cache is not None:
                    cache[text] = found
            if found:
                docs.append((label, found, share))
    total = sum(w for _, _, w in docs)
    return [(y, f, w * len(docs) / total) for y, f, w in docs]


def train(docs: list[tuple[bool, list[int], float]], settings: Settings) -> BaseModel:
    """Return a model fitted by weighted stochastic gradient descent on the log loss."""
    weights = [0.0] * (1 << DIM_BITS)
    bias = 0.0
    order = list(range(len(docs)))
    rng = random.Random(settings.seed)
    for epoch in range(settings.epochs):
        rng.shuffle(order)
        rate = settings.rate / (1 + epoch)
        for i in order:
            label, found, weight = docs[i]
            scale = 1.0 / math.sqrt(len(found))
            z = bias + sum(weights[b] for b in found) * scale
            step = rate * weight * ((1.0 if label else 0.0) - sigmoid(z))
            bias += step * settings.bias_rate
            step *= scale
            for b in found:
                weights[b] += step
    return BaseModel(array("f", weights), bias)
