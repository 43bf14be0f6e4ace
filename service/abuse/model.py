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
_PAIR_MULTIPLIER = 0x9E3779B1
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


@functools.lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    """Return a word's 32-bit hash (words recur: each is hashed once per process)."""
    return zlib.crc32(word.encode(), _SEED)


def _pair(a: int, b: int) -> int:
    """Return the hash of a word pair from its words' hashes (no string is built)."""
    return ((a * _PAIR_MULTIPLIER) ^ b) & 0xFFFFFFFF


def features(words: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """Return the weight indexes of a text's words, then of its word pairs, in text order."""
    hashes = [_word_hash(w) for w in words]
    return ([h & MASK for h in hashes], [_pair(a, b) & MASK for a, b in pairwise(hashes)])


def buckets(words: tuple[str, ...]) -> list[int]:
    """Return the distinct weight indexes of a canonical text, sorted."""
    singles, pairs = features(words)
    return sorted(set(singles).union(pairs))


class BaseModel:
    """Weights over 2^18 hashed words and word pairs (1 MB), and a bias."""

    def __init__(self, weights: array | None = None, bias: float = 0.0):
        """Wrap trained weights (default: all zero, a model that says nothing)."""
        self.weights = weights if weights is not None else array("f", bytes(4 << DIM_BITS))
        self.bias = bias

    def logit(self, words: tuple[str, ...]) -> float:
        """Return the model's log-odds that a canonical text is abuse."""
        return self._logit(set().union(*features(words)))

    def _logit(self, found: set[int]) -> float:
        if not found:
            return self.bias
        w = self.weights
        return self.bias + sum(w[b] for b in found) / math.sqrt(len(found))

    def reason(self, words: tuple[str, ...], top: int = 3) -> Reason | None:
        """Return the model's bounded evidence as a reason, naming the words that raise it."""
        singles, pairs = features(words)
        weight = min(MOST, max(LEAST, self._logit(set(singles).union(pairs))))
        if abs(weight) < NOTABLE:
            return None
        if weight < 0:
            # Most comments: said without naming words (that costs as much as the score).
            return Reason("model", Category.HARASSMENT,
                          "words like comments labelled not toxic in the training data", weight)
        w = self.weights
        pulls = [(w[b], i, 1) for i, b in enumerate(singles) if words[i] not in _FILLER]
        pulls += [(w[b], i, 2) for i, b in enumerate(pairs)
                  if not (words[i] in _FILLER and words[i + 1] in _FILLER)]
        named: list[str] = []
        for pull, i, n in sorted(pulls, reverse=True):
            token = " ".join(words[i:i + n])
            if pull <= 0 or len(named) == top:
                break
            if token not in named:
                named.append(token)
        shown = ", ".join(f"'{t}'" for t in named)
        return Reason("model", Category.HARASSMENT,
                      "words like comments labelled toxic in the training data"
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
