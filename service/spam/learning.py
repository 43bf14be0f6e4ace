"""Keep every process's classifier in step with the database, without a restart.

Each process loads the newest rebuilt model (or the shipped file), then applies every
moderator decision newer than that model, in id order. Before each scoring one indexed
query asks whether anything changed. The same rows in the same order give every process
the same float32 weights.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from ..database import begin_read
from ..extensions import db
from ..models.spam import SpamFeedback, SpamLabel, SpamModel
from .datasets import MODEL_DIR
from .model import Features, Model

SHIPPED_MODEL = MODEL_DIR / "model.bin"
log = logging.getLogger(__name__)
# Both maxima come from primary-key indexes: the cheap question asked before every score.
_NEWEST = sa.select(
    sa.select(sa.func.max(SpamModel.id)).scalar_subquery(),
    sa.select(sa.func.max(SpamFeedback.id)).scalar_subquery(),
)


def learn(model: Model, text: str, spam: bool) -> None:
    """Teach model one labelled text, exactly as a moderator's decision does."""
    model.learn(Features.of(text), spam)


class LiveModel:
    """One app's classifier: the newest stored model plus the decisions since."""

    def __init__(self, shipped: Path = SHIPPED_MODEL):
        """Remember where the shipped model is; nothing loads until first use."""
        self._shipped = Path(shipped)
        self._lock = threading.Lock()
        self._model: Model | None = None
        self._model_id = 0
        self._applied = 0

    @staticmethod
    def default_file() -> Path:
        """Return the model file shipped with the code."""
        return SHIPPED_MODEL

    @contextmanager
    def use(self, connection: sa.Connection | None = None) -> Iterator[Model]:
        """Yield the up-to-date model; hold the lock so no update lands mid-score."""
        # `connection` may be a caller's read-only transaction (it sees only committed
        # rows, as a connection of the model's own would): one checkout fewer per score.
        with self._lock:
            if connection is not None:
                self._sync_on(connection)
            else:
                # A copied context keeps begin_read() from leaking into the caller's request.
                contextvars.copy_context().run(self._sync)
            assert self._model is not None
            yield self._model

    def snapshot(self) -> Model:
        """Return an up-to-date copy that may be changed freely (evaluations use it)."""
        with self.use() as model:
            return model.copy()

    @property
    def applied(self) -> int:
        """Return the id of the newest decision this process has learned from."""
        return self._applied

    def _sync(self) -> None:
        """Load a newer stored model and apply new decisions, on a connection of its own."""
        begin_read()  # SQLite: a plain BEGIN, so this never waits on the request's writes
        # Its own connection sees only committed rows: a rolled-back decision never counts.
        with db.engine.connect() as conn:
            self._sync_on(conn)

    def _sync_on(self, conn: sa.Connection) -> None:
        model_id, feedback_id = conn.execute(_NEWEST).one()
        model_id, feedback_id = model_id or 0, feedback_id or 0
        if self._model is None or model_id != self._model_id or feedback_id < self._applied:
            self._load(conn, model_id)
        if feedback_id > self._applied:
            self._apply(conn)

    def _load(self, conn: sa.Connection, model_id: int) -> None:
        """Load the stored model model_id, or the shipped file when there is none."""
        self._model_id = model_id
        if model_id:
            blob, upto = conn.execute(
                sa.select(SpamModel.blob, SpamModel.feedback_upto).where(SpamModel.id == model_id)
            ).one()
            try:
                self._model, self._applied = Model.loads(blob), upto
                return
            except (ValueError, zlib.error):
                # A bad rebuild must not stop comments: score with the shipped model and
                # every decision instead, until a newer model is stored.
                log.exception("stored spam model #%s is unreadable; using the shipped one",
                              model_id)
        self._model, self._applied = Model.loads(self._shipped.read_bytes()), 0

    def _apply(self, conn: sa.Connection) -> None:
        """Apply, in id order, every decision newer than the last one applied."""
        rows = conn.execute(
            sa.select(SpamFeedback.id, SpamFeedback.text, SpamFeedback.label)
            .where(SpamFeedback.id > self._applied)
            .order_by(SpamFeedback.id)
        )
        assert self._model is not None
        for row in rows:
            learn(self._model, row.text, row.label == SpamLabel.SPAM)
            self._applied = row.id
