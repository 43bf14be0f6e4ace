"""Hashed logistic regression: score, explain, learn one example, save and load."""

import math
import struct
import sys
import zlib
from array import array
from dataclasses import dataclass, field
from operator import itemgetter

from .features import DIM, DIM_BITS, featurise
from .text import normalise

# Version 3: features are averaged (1/n), except the link features, which add to the mean's
# log-odds (version 2 averaged them too); an older file would score with the wrong scale,
# so it is refused.
MAGIC = b"MARGINSPAM3\n"
# Header: dimension bits, bias, then the learning rate moderators' decisions use.
_HEADER = struct.Struct("<Bdd")
FEEDBACK_RATE = 4.0
# Training: texts shorter than about 45 characters (150 features) count as that long.
MIN_FEATURES = 150
# Scoring: below about 95 characters (300 features) the classifier's evidence counts in
# proportion to the text's features (see Features.scale).
SCORE_MIN_FEATURES = 300
FEEDBACK_STEPS = 3
# Words too common to tell a moderator anything, left out of explanations (not of scores).
_FILLER = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on",
    "or", "our", "she", "so", "that", "the", "their", "them", "then", "there", "they", "this",
    "to", "was", "we", "were", "what", "when", "which", "who", "will", "with", "you", "your",
})


def sigmoid(z: float) -> float:
    """Return the logistic function of z without overflowing."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class Features:
    """The features of one text: readable tokens for explanations, buckets for scoring."""

    named: list[tuple[str, int]]
    buckets: list[int]
    # "Has a link" and each linked host: added to the mean's log-odds, not averaged.
    linked: list[tuple[str, int]] = field(default_factory=list)

    @property
    def scale(self) -> float:
        """Return each feature's value: the log-odds is the mean of the features' weights."""
        # A mean, not a sum: a text twice as long, saying the same kind of thing, gets the
        # same log-odds (with 1/sqrt(n) the evidence kept growing with every word). Texts
        # shorter than SCORE_MIN_FEATURES count as that long: a three-word comment is a
        # mean over a handful of n-grams, most of them shared with every other short text
        # ("subscri" in "Cancel my subscription." and in YouTube's "subscribe"), so it is
        # weak evidence. Training floors at MIN_FEATURES instead, so that short training
        # texts still teach their n-grams in full.
        return 1.0 / max(len(self.buckets), SCORE_MIN_FEATURES) if self.buckets else 0.0

    @classmethod
    def of(cls, text: str, normalised: bool = False,
           links: list[str] | None = None) -> "Features":
        """Return the features of raw text (or of already normalised text and its links)."""
        named, buckets, linked = featurise(text if normalised else normalise(text), links)
        return cls(named, buckets, linked)


@dataclass(frozen=True)
class Explanation:
    """A classifier's log-odds and the readable tokens that pushed it most."""

    logit: float
    probability: float
    tokens: tuple[str, ...]


class Model:
    """Weights over hashed features plus a bias, scored as a logistic regression."""

    def __init__(self, weights: array | None = None, bias: float = 0.0):
        """Wrap weights (float32, DIM long) or start from zeros."""
        self.weights = weights if weights is not None else array("f", bytes(4 * DIM))
        if len(self.weights) != DIM or self.weights.typecode != "f":
            raise ValueError("weights must be a float32 array of the feature dimension")
        self.bias = bias

    def logit(self, feats: Features) -> float:
        """Return the log-odds that the text is spam."""
        w, buckets = self.weights, feats.buckets
        # itemgetter fetches every weight in C (a third faster), in the same order, so the sum
        # is the same float; with fewer than two items it returns no tuple.
        weights = itemgetter(*buckets)(w) if len(buckets) > 1 else [w[b] for b in buckets]
        # A link's evidence is not diluted by the length of the text around it.
        return self.bias + feats.scale * sum(weights) + sum([w[b] for _, b in feats.linked])

    def explain(self, feats: Features, top: int = 3) -> Explanation:
        """Return the log-odds and the word tokens that pushed the score its way most."""
        z = self.logit(feats)
        w, scale = self.weights, feats.scale
        pull: dict[str, float] = {}
        get = pull.get
        for token, bucket in feats.named:
            pull[token] = get(token, 0.0) + w[bucket] * scale
        for token, bucket in feats.linked:
            pull[token] = w[bucket]
        sign = 1.0 if z >= 0 else -1.0
        # Tokens are distinct, so plain tuples sort as the (-abs(pull), token) key did.
        ranked = sorted([(-abs(p), token) for token, p in pull.items()
                         if p * sign > 0 and token not in _FILLER])
        chosen: list[str] = []
        for _, token in ranked:
            words = set(token.split())
            # "check out" already says "check" and "out": name different evidence instead.
            if any(words <= set(c.split()) or set(c.split()) <= words for c in chosen):
                continue
            chosen.append(token)
            if len(chosen) == top:
                break
        return Explanation(z, sigmoid(z), tuple(chosen))

    def learn(self, feats: Features, spam: bool, rate: float = FEEDBACK_RATE,
              steps: int = FEEDBACK_STEPS) -> None:
        """Move the weights towards the label of one example, as a moderator's decision does."""
        if not feats.buckets:
            return
        w, y = self.weights, 1.0 if spam else 0.0
        for _ in range(steps):
            # Every averaged weight moves by the same step, so the text's own log-odds moves
            # by rate * (label - probability) whatever its length (less for the shortest);
            # the link weights stay as trained (bounded), one decision does not move them.
            step = rate * (y - sigmoid(self.logit(feats)))
            for b in feats.buckets:
                w[b] += step

    def copy(self) -> "Model":
        """Return an independent copy, so an evaluation never changes the live model."""
        return Model(array("f", self.weights), self.bias)

    def dumps(self) -> bytes:
        """Return the model as compressed bytes, identical for identical weights."""
        weights = self.weights
        if sys.byteorder == "big":  # the file is little-endian everywhere
            weights = array("f", weights)
            weights.byteswap()
        header = _HEADER.pack(DIM_BITS, self.bias, FEEDBACK_RATE)
        return MAGIC + header + zlib.compress(weights.tobytes(), 9)

    @classmethod
    def loads(cls, blob: bytes) -> "Model":
        """Return the model saved by dumps()."""
        if not blob.startswith(MAGIC):
            raise ValueError("not a Margin spam model")
        bits, bias, _rate = _HEADER.unpack_from(blob, len(MAGIC))
        if bits != DIM_BITS:
            raise ValueError(f"model has 2^{bits} features, this version uses 2^{DIM_BITS}")
        weights = array("f")
        weights.frombytes(zlib.decompress(blob[len(MAGIC) + _HEADER.size :]))
        if sys.byteorder == "big":
            weights.byteswap()
        return cls(weights, bias)
