"""Train the text classifier reproducibly: fixed seed, fixed order, pure Python."""

import random
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .features import DIM
from .model import Features, Model, sigmoid
from .text import normalise


@dataclass(frozen=True)
class Settings:
    """Hyper-parameters of a training run; the defaults build the shipped model."""

    epochs: int = 12
    rate: float = 0.5
    l2: float = 1e-5
    seed: int = 20261124
    # SMS ham is chat, not comments: it teaches spam vocabulary but should not drown YouTube.
    source_weights: tuple[tuple[str, float], ...] = (("SMSSpamCollection", 0.5),)


@dataclass(frozen=True)
class Labelled:
    """A normalised training text with its label and weight."""

    text: str
    spam: bool
    weight: float = 1.0


def prepare(examples: Sequence, settings: Settings = Settings()) -> list[Labelled]:
    """Normalise, weight and de-duplicate examples; the first label seen for a text wins."""
    weights = dict(settings.source_weights)
    seen: set[str] = set()
    out = []
    for ex in examples:
        text = normalise(ex.text)
        if not text or text in seen:
            continue
        seen.add(text)
        out.append(Labelled(text, ex.spam, weights.get(ex.source, 1.0)))
    return out


def train(
    docs: Sequence[Labelled],
    settings: Settings = Settings(),
    progress: Callable[[int], None] | None = None,
) -> Model:
    """Return a logistic regression fitted by SGD with L2; the same input gives the same bytes."""
    feats = [Features.of(d.text, normalised=True) for d in docs]
    spam_total = sum(d.weight for d in docs if d.spam) or 1.0
    ham_total = sum(d.weight for d in docs if not d.spam) or 1.0
    # Balance the classes so the bias starts from even odds, not from the data's mix.
    balance = {True: 0.5 * (spam_total + ham_total) / spam_total,
               False: 0.5 * (spam_total + ham_total) / ham_total}
    v = [0.0] * DIM
    vscale = 1.0  # Bottou's trick: w = vscale * v makes L2 decay O(1) per step.
    bias = 0.0
    rng = random.Random(settings.seed)
    order = list(range(len(docs)))
    t = 0
    for _ in range(settings.epochs):
        rng.shuffle(order)
        for i in order:
            f, doc = feats[i], docs[i]
            if not f.buckets:
                continue
            eta = settings.rate / (1.0 + settings.rate * settings.l2 * t)
            t += 1
            scale = f.scale
            z = bias + vscale * scale * sum([v[b] for b in f.buckets])
            g = (1.0 if doc.spam else 0.0) - sigmoid(z)
            g *= doc.weight * balance[doc.spam]
            vscale *= 1.0 - eta * settings.l2
            step = eta * g * scale / vscale
            for b in f.buckets:
                v[b] += step
            bias += eta * g * 0.1
            if vscale < 1e-6:
                v = [x * vscale for x in v]
                vscale = 1.0
        if progress:
            progress(1)
    return Model(array("f", [x * vscale for x in v]), bias)
