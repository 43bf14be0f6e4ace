"""The shipped abuse model: hashed logistic regression over canonical words and word pairs.

Built by `python -m service.abuse.build` from labelled toxicity sets (data/abuse/, see
service/abuse/data/ATTRIBUTION.md). Its log-odds join the patterns' as one bounded reason:
it ranks comments, it never holds one on its own.
"""

from __future__ import annotations

import functools
import math
import struct
import sys
import zlib
from array import array
from itertools import pairwise

from .datasets import MODEL_DIR
from .patterns import Category
from .rules import Reason

MAGIC = b"MARGINABUSE1\n"
_HEADER = struct.Struct("<Bd")
DIM_BITS = 18
MASK = (1 << DIM_BITS) - 1
_SEED = 0xAB05E1
SHIPPED = MODEL_DIR / "model.bin"
# What the model may add to the patterns' log-odds. Above: less than the 4 a comment needs
# to be held, and less than what separates a reported, quoted or negated explicit match
# from the hold line, so it reorders comments without holding any by itself. Below: it
# may lower a comment a little, never undo an explicit match.
MOST = 1.5
LEAST = -1.0
# Under this the model's opinion is not worth a reason of its own.
NOTABLE = 0.25
_FILLER = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "i", "in", "is",
    "it", "of", "on", "or", "so", "that", "the", "this", "to", "was", "we", "you", "le", "la",
    "les", "de", "des", "du", "et", "un", "une", "est", "que", "qui", "qqq",
))


def tokens(words: tuple[str, ...]) -> list[str]:
    """Return the words and word pairs of a canonical text."""
    return list(words) + [f"{a} {b}" for a, b in pairwise(words)]


def bucket(token: str) -> int:
    """Return a token's weight index."""
    return zlib.crc32(token.encode(), _SEED) & MASK


def buckets(words: tuple[str, ...]) -> list[int]:
    """Return the distinct weight indexes of a canonical text, sorted."""
    return sorted({bucket(t) for t in tokens(words)})


class BaseModel:
    """Weights over 2^18 hashed words and word pairs (1 MB), and a bias."""

    def __init__(self, weights: array | None = None, bias: float = 0.0):
        """Wrap trained weights (default: all zero, a model that says nothing)."""
        self.weights = weights if weights is not None else array("f", bytes(4 << DIM_BITS))
        self.bias = bias

    def logit(self, words: tuple[str, ...]) -> float:
        """Return the model's log-odds that a canonical text is abuse."""
        found = buckets(words)
        if not found:
            return self.bias
        w = self.weights
        return self.bias + sum(w[b] for b in found) / math.sqrt(len(found))

    def reason(self, words: tuple[str, ...], factor: float = 1.0, top: int = 3) -> Reason | None:
        """Return the model's bounded evidence as a reason naming its strongest words."""
        weight = min(MOST, max(LEAST, self.logit(words)))
        if weight > 0:
            weight *= factor  # reported, quoted or negated abuse weighs less here too
        if abs(weight) < NOTABLE:
            return None
        w = self.weights
        pulls = sorted(((w[bucket(t)], t) for t in set(tokens(words)) if t not in _FILLER
                        and not set(t.split()) <= _FILLER), reverse=weight > 0)
        named = [t for p, t in pulls if (p > 0) == (weight > 0)][:top]
        leaning = "toxic" if weight > 0 else "not toxic"
        shown = ", ".join(f"'{t}'" for t in named)
        return Reason("model", Category.HARASSMENT,
                      f"words like comments labelled {leaning} in the training data"
                      + (f" ({shown})" if shown else ""), weight, seen=named[0] if named else "")

    def dumps(self) -> bytes:
        """Return the model as compressed bytes, identical for identical weights."""
        weights = self.weights
        if sys.byteorder == "big":  # the file is little-endian everywhere
            weights = array("f", weights)
            weights.byteswap()
        return MAGIC + _HEADER.pack(DIM_BITS, self.bias) + zlib.compress(weights.tobytes(), 9)

    @classmethod
    def loads(cls, blob: bytes) -> BaseModel:
        """Return the model saved by dumps()."""
        if not blob.startswith(MAGIC):
            raise ValueError("not a Margin abuse model")
        bits, bias = _HEADER.unpack_from(blob, len(MAGIC))
        if bits != DIM_BITS:
            raise ValueError(f"model has 2^{bits} features, this version uses 2^{DIM_BITS}")
        weights = array("f")
        weights.frombytes(zlib.decompress(blob[len(MAGIC) + _HEADER.size:]))
        if sys.byteorder == "big":
            weights.byteswap()
        return cls(weights, bias)


@functools.cache
def shipped() -> BaseModel:
    """Return the model shipped with the package (loaded once per process)."""
    return BaseModel.loads(SHIPPED.read_bytes())
