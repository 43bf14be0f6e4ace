"""Rate limiting whose storage failures follow the app's RATELIMIT_FAIL_OPEN policy."""

from __future__ import annotations

import logging
import math
import sys
import time

from flask import Flask, Response, abort, current_app, g, has_request_context, request
from flask_limiter import Limiter
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter, RateLimiter
from limits.util import WindowStats

from .error_shape import error_response

log = logging.getLogger(__name__)



def storage_errors() -> tuple[type[Exception], ...]:
    """Return the errors a limiter storage raises when it is unavailable."""
    # Redis's own errors only once its client is loaded (a redis:// storage loads it):
    # importing redis for a memory:// limiter costs every worker about 4 MiB.
    redis = sys.modules.get("redis.exceptions")
    return (StorageError, OSError, redis.RedisError) if redis else (StorageError, OSError)
STORAGE_RETRY_AFTER_SECONDS = 5


class PolicyLimiter(Limiter):
    """A Limiter that lets requests through, or refuses them, when its storage is down."""

    # Flask-Limiter's own answers to storage errors (swallow_errors, the in-memory
    # fallback) are fixed by the first app it is bound to; this policy is read per app.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._memory = FixedWindowRateLimiter(SweptMemoryStorage())

    def init_app(self, app: Flask) -> None:
        """Bind to an app; mark when its responses are being finished."""
        super().init_app(app)
        # The in-memory fallback is this class's, read per app. Flask-Limiter's own (it reads
        # the same setting) would stay on for every later app and swallow the fail-closed 503.
        self._in_memory_fallback_enabled = False
        if type(self._storage) is MemoryStorage:
            # `memory://` as shipped starts a timer thread on a counter update whenever its
            # last one finished: a thread start every few requests under load.
            self._storage = SweptMemoryStorage()
            self._limiter = type(self._limiter)(self._storage)
        # Registered after the limiter's own hook, so it runs before it.
        app.after_request(_mark_responding)

    def _check_request_limit(self, callable_name: str | None = None,
                             in_middleware: bool = True) -> None:
        # The before-request pass only ever applies application, default, meta and blueprint
        # limits; the public API's limits are on its views, checked by their decorators.
        if in_middleware and not self._middleware_limits():
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)

    def _middleware_limits(self) -> bool:
        manager = self.limit_manager
        if (manager._application_limits or manager._default_limits or self._meta_limits
                or self._storage_dead):
            return True
        # Flask-Limiter matches a blueprint's limits against every part of the dotted name.
        names = (request.blueprint or "").split(".")
        return any(name in manager._blueprint_limits for name in names)

    def hit_outside_flask(self, items: list[RateLimitItem], key: str, scope: str) -> bool | None:
        """Count a request Flask does not run; None when only Flask's path can tell."""
        # The same counters as the view's decorator: its key, its scope (the endpoint), its
        # order, stopping at the first breach. None (storage down, or a fallback in force)
        # sends the request through Flask, which applies RATELIMIT_FAIL_OPEN.
        if not (self.enabled and self.initialized):
            return True
        if self._storage_dead:
            return None
        args = [self._key_prefix, key, scope] if self._key_prefix else [key, scope]
        try:
            return all(self._limiter.hit(item, *args) for item in items)
        except storage_errors():
            return None

    def count_hit(self, limits: str, key: str, scope: str) -> int | None:
        """Count one hit against each limit; return seconds to wait if one is exceeded."""
        # For what the view decides is countable (a failed authentication), which a
        # decorator checking before the view cannot know.
        if not (self.enabled and self.initialized):
            return None
        args = [self._key_prefix, key, scope] if self._key_prefix else [key, scope]
        waits = []
        for item in parse_many(limits):
            if not self.limiter.hit(item, *args):
                reset = self.limiter.get_window_stats(item, *args).reset_time
                waits.append(max(1, math.ceil(reset - time.time())))
        return max(waits) if waits else None

    def exhausted(self, limits: str, key: str, scope: str) -> int | None:
        """Return seconds to wait when a limit is already used up for this key, else None."""
        # Checked before a sign-in is even tried: once the budget is spent, a right guess
        # must look exactly like a wrong one.
        if not (self.enabled and self.initialized):
            return None
        args = [self._key_prefix, key, scope] if self._key_prefix else [key, scope]
        waits = []
        for item in parse_many(limits):
            if not self.limiter.test(item, *args):
                reset = self.limiter.get_window_stats(item, *args).reset_time
                waits.append(max(1, math.ceil(reset - time.time())))
        return max(waits) if waits else None

    @property
    def limiter(self) -> RateLimiter:
        """Return the rate-limiting strategy, guarded against storage failures."""
        return _Guarded(super().limiter, self._memory)


class SweptMemoryStorage(MemoryStorage):
    """In-memory counters whose expired keys are swept inline, at most once a second."""

    # A counter past its expiry already reads as 0 (get() drops it); the sweep only
    # bounds memory, so it need not run on a timer thread.
    SWEEP_SECONDS = 1.0

    def __init__(self, uri: str | None = None, **options):
        super().__init__(uri, **options)
        self._next_sweep = time.monotonic() + self.SWEEP_SECONDS

    def _sweep(self) -> None:
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add to a counter, starting its window if it is new or expired."""
        self.get(key)
        self._sweep()
        with self.locks[key]:
            self.storage[key] += amount
            if self.storage[key] == amount:
                self.expirations[key] = time.time() + expiry
        return self.storage.get(key, 0)

    def decr(self, key: str, amount: int = 1) -> int:
        """Take from a counter, never below zero."""
        self.get(key)
        self._sweep()
        with self.locks[key]:
            self.storage[key] = max(self.storage[key] - amount, 0)
        return self.storage.get(key, 0)


class _Guarded:
    """A rate-limiting strategy whose storage failures apply the policy."""

    def __init__(self, strategy: RateLimiter, memory: RateLimiter):
        self._strategy = strategy
        self._memory = memory

    def hit(self, item, *identifiers, cost: int = 1) -> bool:
        try:
            return self._strategy.hit(item, *identifiers, cost=cost)
        except storage_errors() as error:
            if storage_failed(error):
                return self._memory.hit(item, *identifiers, cost=cost)
            return True

    def test(self, item, *identifiers, cost: int = 1) -> bool:
        try:
            return self._strategy.test(item, *identifiers, cost=cost)
        except storage_errors() as error:
            if storage_failed(error):
                return self._memory.test(item, *identifiers, cost=cost)
            return True

    def get_window_stats(self, item, *identifiers) -> WindowStats:
        try:
            return self._strategy.get_window_stats(item, *identifiers)
        except storage_errors() as error:
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
    response = error_response(503, "service_unavailable",
                              "Rate limiting is unavailable. Try again shortly.")
    response.headers["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
    # abort() with a response skips the generic handlers, which would make it a 500.
    abort(response)


def _mark_responding(response: Response) -> Response:
    g._margin_responding = True
    return response
