"""Learn from moderators: a small hashed linear model on top of the patterns.

It starts empty (it adds nothing) and learns each decision (a rejection for harassment
or hate speech is abuse, an approval is not) in id order, in every process, as the spam
model does. It checks for new decisions at most once a second, so a submission does not
pay a query for it. A process starts from the weights a worker last saved (table
abuse_model, see snapshot.py) and applies only the decisions made since.
"""

from __future__ import annotations

import contextvars
import math
import sys
import threading
import time
import zlib
from array import array
from itertools import pairwise

import sqlalchemy as sa

from ..database import begin_read
from ..extensions import db
from ..models.abuse import AbuseFeedback, AbuseLabel, AbuseModelSnapshot
from ..spam.model import sigmoid
from .patterns import Category
from .rules import Reason
from .text import canonical

DIM_BITS = 16
DIM = 1 << DIM_BITS
MASK = DIM - 1
# Each decision moves the weights this far, this many times (as the spam model's do).
RATE = 2.0
STEPS = 3
# Seconds between two looks for new decisions.
SYNC_SECONDS = 1.0
_SEED = 0xAB05E
# The one row of abuse_model.
SNAPSHOT_ID = 1
# Words too common to tell a moderator anything, left out of explanations.
_FILLER = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "i", "in", "is",
    "it", "of", "on", "or", "so", "that", "the", "this", "to", "was", "we", "you", "le", "la",
    "les", "de", "des", "du", "et", "un", "une", "est", "que", "qui",
))


def features(words: tuple[str, ...]) -> list[tuple[str, int]]:
    """Return (token, bucket) for the words and word pairs of a canonical text."""
    tokens = list(words) + [f"{a} {b}" for a, b in pairwise(words)]
    return [(t, zlib.crc32(t.encode(), _SEED) & MASK) for t in tokens]


class AbuseModel:
    """Hashed weights over words and word pairs: 256 KB, however many decisions."""

    def __init__(self, weights: array | None = None):
        """Start with every weight at zero: the model adds nothing until taught."""
        self.weights = weights if weights is not None else array("f", bytes(4 * DIM))

    def dumps(self) -> bytes:
        """Return the weights as compressed little-endian bytes."""
        weights = array("f", self.weights)
        if sys.byteorder == "big":
            weights.byteswap()
        return zlib.compress(weights.tobytes(), 6)

    @classmethod
    def loads(cls, blob: bytes) -> AbuseModel:
        """Return the model saved by dumps(); refuse weights of another size."""
        weights = array("f")
        weights.frombytes(zlib.decompress(blob))
        if len(weights) != DIM:
            raise ValueError(f"saved abuse model has {len(weights)} weights, not {DIM}")
        if sys.byteorder == "big":
            weights.byteswap()
        return cls(weights)

    def logit(self, feats: list[tuple[str, int]]) -> float:
        """Return the learned log-odds (0.0 for an untaught model)."""
        if not feats:
            return 0.0
        w = self.weights
        return sum(w[b] for _, b in feats) / math.sqrt(len(feats))

    def learn(self, words: tuple[str, ...], abuse: bool) -> None:
        """Move the weights towards one decision's label."""
        feats = features(words)
        if not feats:
            return
        scale = 1.0 / math.sqrt(len(feats))
        y = 1.0 if abuse else 0.0
        for _ in range(STEPS):
            # The patterns' verdict is not known here: learn around an even prior.
            step = RATE * (y - sigmoid(self.logit(feats))) * scale
            for _, b in feats:
                self.weights[b] += step

    def reason(self, words: tuple[str, ...], top: int = 3) -> Reason | None:
        """Return what the decisions learned say about these words, or None if nothing."""
        feats = features(words)
        z = self.logit(feats)
        if abs(z) < 0.05:
            return None
        scale = 1.0 / math.sqrt(len(feats))
        pulls = sorted(((self.weights[b] * scale, t) for t, b in feats
                        if t not in _FILLER), reverse=z > 0)
        named = [t for p, t in pulls if (p > 0) == (z > 0)][:top]
        shown = ", ".join(f"'{t}'" for t in named)
        leaning = "like comments moderators rejected" if z > 0 else "like approved comments"
        return Reason("learned", Category.HARASSMENT,
                      f"learned from moderators' decisions: {leaning}"
                      + (f" ({shown})" if shown else ""), z)


class LiveModel:
    """One app's abuse model, kept in step with the decisions stored in the database."""

    def __init__(self):
        """Start empty; decisions load on first use."""
        self._lock = threading.Lock()
        self.model = AbuseModel()
        self.applied = 0
        self._started = False
        self._checked = -math.inf

    def current(self) -> AbuseModel:
        """Return the model with every decision applied (looking at most once a second)."""
        now = time.monotonic()
        if now - self._checked >= SYNC_SECONDS:
            with self._lock:
                if now - self._checked >= SYNC_SECONDS:
                    # A copied context keeps begin_read() from leaking into the caller's.
                    contextvars.copy_context().run(self._sync)
                    self._checked = now
        return self.model

    def refresh(self) -> AbuseModel:
        """Apply new decisions now, whatever the time since the last look."""
        with self._lock:
            contextvars.copy_context().run(self._sync)
            self._checked = time.monotonic()
        return self.model

    def saved(self) -> tuple[int, bytes]:
        """Return the last decision applied and the weights, taken together."""
        with self._lock:
            return self.applied, self.model.dumps()

    def _start(self, conn: sa.Connection) -> None:
        """Take the saved weights, when a worker saved some, before replaying the rest."""
        row = conn.execute(sa.select(AbuseModelSnapshot.applied, AbuseModelSnapshot.weights)
                           .where(AbuseModelSnapshot.id == SNAPSHOT_ID)).first()
        self._started = True
        if row is not None and row.applied > self.applied:
            self.model = AbuseModel.loads(row.weights)
            self.applied = row.applied

    def _sync(self) -> None:
        # SQLite: a plain BEGIN, so this never waits for a writer (the caller's own
        # transaction may hold the write lock). Its own connection sees only committed
        # decisions; a missing table (a database not yet migrated) leaves the model
        # empty rather than failing a submission.
        begin_read()
        try:
            with db.engine.connect() as conn:
                if not self._started:
                    self._start(conn)
                rows = conn.execute(
                    sa.select(AbuseFeedback.id, AbuseFeedback.text, AbuseFeedback.label)
                    .where(AbuseFeedback.id > self.applied).order_by(AbuseFeedback.id)
                ).all()
        except (sa.exc.OperationalError, sa.exc.ProgrammingError):
            return
        for row in rows:
            self.model.learn(canonical(row.text).words, row.label == AbuseLabel.ABUSE)
            self.applied = row.id
