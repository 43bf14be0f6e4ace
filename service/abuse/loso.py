"""Leave one source out: the abuse model rebuilt without the source it is measured on."""

from __future__ import annotations

from collections.abc import Callable

from . import datasets
from .model import BaseModel, shipped
from .train import Settings, prepare, train


class LeftOut:
    """Models trained on every source but one, built on demand and kept per source."""

    def __init__(self, settings: Settings | None = None,
                 progress: Callable[[str], None] | None = None):
        """Remember the training settings; nothing is read or trained until asked."""
        self.settings = settings or Settings()
        self.progress = progress
        self._rows: list[datasets.Example] | None = None
        self._cache: dict = {}  # each text is read once across the trainings
        self._models: dict[frozenset[str], BaseModel] = {}

    def without(self, *sources: str) -> BaseModel:
        """Return a model that never saw any of sources (the shipped one if none is trained on)."""
        left = frozenset(s for s in sources if s in datasets.SOURCES)
        if not left:
            return shipped()
        if left not in self._models:
            if self.progress:
                self.progress(" and ".join(sorted(left)))
            if self._rows is None:
                self._rows = datasets.training()
            rows = [e for e in self._rows if e.source not in left]
            self._models[left] = train(prepare(rows, self.settings, self._cache),
                                       self.settings)
        return self._models[left]
