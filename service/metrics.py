"""Prometheus metrics: requests, latencies, comments, database gauges (api/metrics.py serves them).

Counters and histograms live in the process that served the request. Under
`margin serve --workers N` they are written to files in a directory the workers share
(prometheus-client's multiprocess mode, `PROMETHEUS_MULTIPROC_DIR`), so a scrape that
lands on any worker reports the sum over all of them. Gauges that describe shared state
(moderation queue, webhook outbox) are not kept in any process: they are read from the
database at scrape time through the collectors registered with `register_gauge`, so
every process reports the same, current value.

prometheus-client decides at import whether it runs in multiprocess mode, so it is
imported on first use, never at import of this module: `margin serve` sets the directory
first, then the workers import it.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, Response, g, request, request_started
from flask_sqlalchemy.session import Session
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import Comment, CommentStatus, utcnow

log = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Latency buckets in seconds, from a fast cached listing to a slow write.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Requests no route matched share one label, so scanners cannot explode the series.
UNMATCHED = "unmatched"

# --- scrape-time gauges -------------------------------------------------------------

Value = float | int | Mapping[tuple[str, ...], float | int]


@dataclass(frozen=True)
class _Computed:
    name: str
    help: str
    fn: Callable[[], Value]
    labels: tuple[str, ...]
    kind: str


_computed: dict[str, _Computed] = {}


def register_gauge(name: str, help: str, fn: Callable[[], Value], *,
                   labels: tuple[str, ...] = (), kind: str = "gauge") -> None:
    """Report `fn()` under `name` at every scrape, read inside an app context.

    `fn` returns a number, or with `labels` a mapping of label-value tuples to numbers.
    `kind="counter"` reports a running total kept in the database (e.g. failed
    deliveries). Registering a name again replaces it.
    """
    if kind not in ("gauge", "counter"):
        raise ValueError(f"kind must be 'gauge' or 'counter', not {kind!r}")
    _computed[name] = _Computed(name, help, fn, tuple(labels), kind)


def moderation_queue_size() -> int:
    """Count the comments waiting for a moderator."""
    return db.session.execute(
        sa.select(sa.func.count(Comment.id)).where(Comment.status == CommentStatus.PENDING)
    ).scalar_one()


def moderation_oldest_age() -> float:
    """Return how long the oldest waiting comment has waited, in seconds (0: none)."""
    oldest = db.session.execute(
        sa.select(sa.func.min(Comment.created_at))
        .where(Comment.status == CommentStatus.PENDING)
    ).scalar_one()
    if oldest is None:
        return 0
    return max(0.0, (utcnow() - oldest).total_seconds())


# --- per-process instruments --------------------------------------------------------

class _Instruments:
    """The counters and histograms this process updates."""

    def __init__(self):
        from prometheus_client import CollectorRegistry, Counter, Histogram

        # Outside multiprocess mode the process's own registry is what a scrape shows.
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "margin_http_requests", "HTTP requests answered, by Flask endpoint.",
            ["endpoint", "method", "status"], registry=self.registry)
        self.latency = Histogram(
            "margin_http_request_duration_seconds",
            "Time to answer an HTTP request, by Flask endpoint.",
            ["endpoint", "method"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.comments = Counter(
            "margin_comments_created", "Comments stored, by outcome (approved, pending, spam).",
            ["outcome"], registry=self.registry)
        # labels() checks and locks on every call; the label sets a worker meets are few.
        self._answered: dict[tuple[str, str, int], tuple] = {}

    def answered(self, endpoint: str, method: str, status: int) -> tuple:
        """Return the request counter and latency histogram for one endpoint, method, status."""
        key = (endpoint, method, status)
        found = self._answered.get(key)
        if found is None:
            found = self._answered[key] = (self.requests.labels(endpoint, method, str(status)),
                                           self.latency.labels(endpoint, method))
        return found


_instruments: _Instruments | None = None


def instruments() -> _Instruments:
    """Return this process's instruments, creating them on first use."""
    global _instruments
    if _instruments is None:
        _instruments = _Instruments()
    return _instruments


def multiprocess_dir() -> str | None:
    """Return the shared metrics directory when running in multiprocess mode."""
    return os.environ.get(MULTIPROC_ENV)


def prepare_multiprocess(path: Path) -> None:
    """Empty `path` of a previous run's files and make this process's workers share it."""
    if _instruments is not None:
        raise RuntimeError("metrics were recorded before multiprocess mode was set up")
    path.mkdir(parents=True, exist_ok=True)
    # Counters restart with the server; Prometheus expects that after a restart.
    for stale in path.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROC_ENV] = str(path)


# --- wiring -------------------------------------------------------------------------

def init_app(app: Flask) -> None:
    """Time every request; count comments once committed (subscribed in service/subscribers.py)."""
    register_gauge("margin_moderation_queue", "Comments waiting for a moderator.",
                   moderation_queue_size)
    register_gauge("margin_moderation_oldest_age_seconds",
                   "Seconds the oldest comment waiting for a moderator has waited.",
                   moderation_oldest_age)
    request_started.connect(_start, app)
    app.after_request(_observe)
    if not sa.event.contains(Session, "after_commit", _count_committed):
        sa.event.listen(Session, "after_commit", _count_committed)
        sa.event.listen(Session, "after_rollback", _forget_uncommitted)


def _start(app: Flask, **_extra) -> None:
    g.metrics_started = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.get("metrics_started")
    record(request.endpoint or UNMATCHED, request.method, response.status_code,
           None if started is None else time.perf_counter() - started)
    return response


def record(endpoint: str, method: str, status: int, seconds: float | None) -> None:
    """Count one answered request and observe its duration."""
    requests, latency = instruments().answered(endpoint, method, status)
    requests.inc()
    if seconds is not None:
        latency.observe(seconds)


_PENDING_KEY = "margin_metrics_comments"


def on_comment_created(comment: Comment, **_extra) -> None:
    # The signal fires before commit; count only what the commit actually stores.
    db.session().info.setdefault(_PENDING_KEY, []).append(comment.status.value)


def _count_committed(session) -> None:
    outcomes = session.info.pop(_PENDING_KEY, None)
    for outcome in outcomes or ():
        instruments().comments.labels(outcome).inc()


def _forget_uncommitted(session) -> None:
    session.info.pop(_PENDING_KEY, None)


# --- the exposition -----------------------------------------------------------------

def exposition() -> tuple[bytes, str]:
    """Return the metrics in Prometheus's text format and their content type."""
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector

    if multiprocess_dir():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = instruments().registry
    computed = CollectorRegistry()
    computed.register(_DatabaseCollector())
    return generate_latest(registry) + generate_latest(computed), CONTENT_TYPE_LATEST


class _DatabaseCollector:
    """Compute the registered gauges now; skip (and log) any the database cannot answer."""

    def collect(self):
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        for item in list(_computed.values()):
            try:
                value = item.fn()
            except SQLAlchemyError:
                log.warning("metric %s unavailable: database error", item.name, exc_info=True)
                db.session.rollback()
                continue
            family = (CounterMetricFamily if item.kind == "counter" else GaugeMetricFamily)(
                item.name, item.help, labels=item.labels)
            if isinstance(value, Mapping):
                for label_values, number in value.items():
                    family.add_metric(list(label_values), float(number))
            else:
                family.add_metric([], float(value))
            yield family
