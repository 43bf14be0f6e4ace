"""Rate limiting whose storage failures follow the app's RATELIMIT_FAIL_OPEN policy."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, abort, current_app, g, has_request_context
from flask_limiter import Limiter
from limits.errors import StorageError
from limits.strategies import RateLimiter
from limits.util import WindowStats
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

STORAGE_ERRORS = (StorageError, RedisError, OSError)
STORAGE_RETRY_AFTER_SECONDS = 5


class PolicyLimiter(Limiter):
    """A Limiter that lets requests through, or refuses them, when its storage is down."""

    # Flask-Limiter's own answers to storage errors (swallow_errors, the in-memory
    # fallback) are fixed by the first app it is bound to; this policy is read per app.

    def init_app(self, app: Flask) -> None:
        """Bind to an app; mark when its responses are being finished."""
        super().init_app(app)
        # Registered after the limiter's own hook, so it runs before it.
        app.after_request(_mark_responding)

    @property
    def limiter(self) -> RateLimiter:
        """Return the rate-limiting strategy, guarded against storage failures."""
        return _Guarded(super().limiter)


class _Guarded:
    """A rate-limiting strategy whose storage failures apply the policy."""

    def __init__(self, strategy: RateLimiter):
        self._strategy = strategy

    def hit(self, item, *identifiers, cost: int = 1) -> bool:
        try:
            return self._strategy.hit(item, *identifiers, cost=cost)
        except STORAGE_ERRORS as error:
            storage_failed(error)
            return True

    def test(self, item, *identifiers, cost: int = 1) -> bool:
        try:
            return self._strategy.test(item, *identifiers, cost=cost)
        except STORAGE_ERRORS as error:
            storage_failed(error)
            return True

    def get_window_stats(self, item, *identifiers) -> WindowStats:
        try:
            return self._strategy.get_window_stats(item, *identifiers)
        except STORAGE_ERRORS as error:
            storage_failed(error)
            return WindowStats(time.time() + item.get_expiry(), item.amount)

    def __getattr__(self, name: str):
        return getattr(self._strategy, name)


def storage_failed(error: Exception) -> None:
    """Log a storage failure; refuse the request with a 503 unless the app fails open."""
    fail_open = current_app.config["RATELIMIT_FAIL_OPEN"]
    # A response already being sent (a deduction after the view ran) cannot become a 503.
    responding = has_request_context() and g.get("_margin_responding", False)
    if fail_open or responding:
        log.warning("rate-limit storage unavailable, request let through: %s", error)
        return
    log.error("rate-limit storage unavailable, request refused (RATELIMIT_FAIL_OPEN is "
              "false): %s", error)
    from .errors import error_response

    response = error_response(503, "service_unavailable",
                              "Rate limiting is unavailable. Try again shortly.")
    response.headers["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
    # abort() with a response skips the generic handlers, which would make it a 500.
    abort(response)


def _mark_responding(response: Response) -> Response:
    g._margin_responding = True
    return response
