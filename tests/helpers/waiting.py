"""The one way tests wait for something another thread or process does."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# A guard against hanging forever, not a measure of speed: a healthy run waits far less.
PATIENCE_SECONDS = 30.0


def wait_until(condition: Callable[[], T], what: str, *, seconds: float = PATIENCE_SECONDS,
               every: float = 0.05) -> T:
    """Return condition()'s first truthy value, asking every `every` s; fail naming `what`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(every)
