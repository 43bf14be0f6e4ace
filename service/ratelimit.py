"""Rate limiting whose storage failures follow the app's RATELIMIT_FAIL_OPEN policy."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, abort, current_app, g, has_request_context
from flask_limiter import Limiter
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter, RateLimiter
from limits.util import WindowStats
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

STORAGE_ERRORS = (StorageError, RedisError, OSError)
STORAGE_RETRY_AFTER_SECONDS = 5


class PolicyLimiter(Limiter):
    """A Limiter that lets requests through, or refuses them, when its storage is down."""

    # Flask-Limiter's own answers to storage errors (swallow_errors, the in-memory
    # fallback) are fixed by the first app it is bound to; this policy is read per app.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._memory = FixedWindowRateLimiter(MemoryStorage())

    def init_app(self, app: Flask) -> None:
        """Bind to an app; mark when its responses are being finished."""
        super().init_app(app)
        # The in-memory fallback is this class's, read per app. Flask-Limiter's own (it reads
        # the same setting) would stay on for every later app and swallow the fail-closed 503.
        self._in_memory_fallback_enabled = False
        # Registered after the limiter's own hook, so it runs before it.
        app.after_request(_mark_responding)

    @property
    def limiter(self) -> RateLimiter:
        """Return the rate-limiting strategy, guarded against storage failures."""
        return _Guarded(super().limiter, self._memory)


class _Guarded:
    """A rate-limiting strategy whose storage failures apply the policy."""

    def __init__(self, strategy: RateLimiter, memory: RateLimiter):
        self._strategy = strategy
        self._memory = memory

    def hit(self, item, *identifiers, cost: int = 1) -> bool:
        try:
            return self._strategy.hit(item, *identifiers, cost=cost)
        except STORAGE_ERRORS as error:
            if storage_failed(error):
                return self._memory.hit(item, *identifiers, cost=cost)
            return True

    def test(self, item, *identifiers, cost: int = 1) -> bool:
        try:
            return self._strategy.test(item, *identifiers, cost=cost)
        except STORAGE_ERRORS as error:
            if storage_failed(error):
                return self._memory.test(item, *identifiers, cost=cost)
            return True

    def get_window_stats(self, item, *identifiers) -> WindowStats:
        try:
            return self._strategy.get_window_stats(item, *identifiers)
        except STORAGE_ERRORS as error:
            if storage_failed(error):
                return self._memory.get_window_stats(item, *identifiers)
            return WindowStats(time.time() + item.get_expiry(), item.amount)

    def __getattr__(self, name: str):
        return getattr(self._strategy, name)


def storage_failed(error: Exception) -> bool:
    """Apply the app's policy to a storage failure; return whether to count in memory."""
    config = current_app.config
    # A response already being sent (a deduction after the view ran) cannot become a 503.
    responding = has_request_context() and g.get("_margin_responding", False)
    if config["RATELIMIT_FAIL_OPEN"] or responding:
        in_memory = bool(config.get("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"))
        log.warning("rate-limit storage unavailable, request let through%s: %s",
                    " (limited in this process's memory)" if in_memory else "", error)
        return in_memory
    log.error("rate-limit storage unavailable, request refused (RATELIMIT_FAIL_OPEN is "
              "false): %s", error)
    # Imported here: errors imports extensions, which imports this module.
    from .errors import error_response

    response = error_response(503, "service_unavailable",
                              "Rate limiting is unavailable. Try again shortly.")
    response.headers["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
    # abort() with a response skips the generic handlers, which would make it a 500.
    abort(response)


def _mark_responding(response: Response) -> Response:
    g._margin_responding = True
    return response
