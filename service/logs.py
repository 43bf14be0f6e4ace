"""One-line logs with a request id: human-readable by default, JSON lines on request.

Every request gets an id, taken from its `X-Request-ID` header when a proxy or client
sent a usable one and generated otherwise; it is returned in the response's
`X-Request-ID` header and stamped on every log line written while the request runs.
Margin writes one access line per request itself (method, path, endpoint, status,
duration, client), so `margin serve` switches gunicorn's own access log off and sends
gunicorn's error log through the same formatter.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from urllib.parse import unquote_plus

from flask import Flask, Response, g, has_request_context, request, request_started
from gunicorn.glogging import Logger as GunicornLogger

HEADER = "X-Request-ID"
REQUEST_ID_MAX = 128
# Enough for UUIDs, nginx's $request_id and tracing headers; nothing that could break
# a log line or a header (no spaces, quotes, control characters).
_UNSAFE = re.compile(r"[^A-Za-z0-9._:;=+/@-]")
FORMATS = ("text", "json")
# Query parameters whose values are personal data (the moderation queue's filters): the
# access line keeps their names and drops their values.
REDACTED_PARAMETERS = frozenset({"email", "ip"})
REDACTED = "redacted"
ACCESS_LOGGER = "service.access"

# Attributes every LogRecord has; anything else was passed in `extra` and is logged.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def init_app(app: Flask) -> None:
    """Send the process's logs through Margin's formatter and log every request once."""
    fmt = app.config["LOG_FORMAT"]
    if fmt not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {FORMATS}, not {fmt!r}")
    configure(fmt, app.config["LOG_LEVEL"])
    request_started.connect(_start, app)
    app.after_request(_finish)


def configure(fmt: str, level: str = "INFO") -> None:
    """Install (or update) Margin's one handler on the root logger."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _StderrHandler)), None)
    if handler is None:
        handler = _StderrHandler()
        root.addHandler(handler)
    handler.setFormatter(formatter(fmt))
    logging.getLogger("service").setLevel(level.upper())


def formatter(fmt: str) -> logging.Formatter:
    """Return the formatter for "text" or "json"."""
    return JSONFormatter() if fmt == "json" else TextFormatter()


# The id of a request answered before Flask runs (service/fastpath.py), for log lines.
_outside_flask: ContextVar[str | None] = ContextVar("margin_request_id", default=None)


def request_id() -> str:
    """Return the current request's id (made on first use), or "-" outside a request."""
    if not has_request_context():
        return _outside_flask.get() or "-"
    if "request_id" not in g:
        g.request_id = new_request_id(request.headers.get(HEADER))
    return g.request_id


def new_request_id(sent: str | None) -> str:
    """Return the id for a request: the one it sent, cleaned, or a new one."""
    cleaned = _UNSAFE.sub("", sent[: REQUEST_ID_MAX * 4])[:REQUEST_ID_MAX] if sent else ""
    return cleaned or uuid.uuid4().hex


def access_logged() -> bool:
    """Tell whether access lines are written (Margin's logger at INFO or below)."""
    return logging.getLogger(ACCESS_LOGGER).isEnabledFor(logging.INFO)


def log_access(method: str, path: str, status: int, duration_ms: float | None,
               endpoint: str | None, remote_addr: str | None, rid: str | None = None) -> None:
    """Write one access line; `rid` names the request when Flask is not running it."""
    token = _outside_flask.set(rid) if rid else None
    path = redacted(path)
    try:
        logging.getLogger(ACCESS_LOGGER).info(
            "%s %s %s %sms", method, path, status, duration_ms,
            extra={"method": method, "path": path, "status": status,
                   "duration_ms": duration_ms, "endpoint": endpoint,
                   "remote_addr": remote_addr},
        )
    finally:
        if token is not None:
            _outside_flask.reset(token)


def redacted(path: str) -> str:
    """Return a path with the values of personal query parameters replaced."""
    base, mark, query = path.partition("?")
    if not mark:
        return path
    pieces = []
    for piece in query.split("&"):
        name, equals, _value = piece.partition("=")
        if equals and unquote_plus(name).strip().lower() in REDACTED_PARAMETERS:
            piece = f"{name}={REDACTED}"
        pieces.append(piece)
    return f"{base}?{'&'.join(pieces)}"


def _start(app: Flask, **_extra) -> None:
    # request_started fires before every before_request hook, the limiter's included,
    # so even a request refused there has its id and duration.
    g.request_started = time.perf_counter()
    request_id()


def _finish(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 2) if started else None
    path = request.full_path if request.query_string else request.path
    log_access(request.method, path, response.status_code, duration_ms, request.endpoint,
               request.remote_addr)
    return response


def _extras(record: logging.LogRecord) -> dict:
    return {k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS}


class TextFormatter(logging.Formatter):
    """Format a record as one human-readable line."""

    def format(self, record: logging.LogRecord) -> str:
        """Format the record; newlines (tracebacks, forged input) become literal \\n."""
        when = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        line = (f"{when} {record.levelname} {record.name} [{request_id()}] "
                f"{record.getMessage()}")
        extras = _extras(record)
        if record.name == ACCESS_LOGGER:
            # The message already says method, path, status and duration.
            extras = {"endpoint": extras.get("endpoint"), "client": extras.get("remote_addr")}
        if extras:
            line += " " + " ".join(f"{k}={v}" for k, v in extras.items())
        if record.exc_info:
            line += " " + self.formatException(record.exc_info)
        return line.replace("\r", "\\r").replace("\n", "\\n")


class JSONFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        """Format the record with its `extra` fields and any traceback."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            # Which worker wrote it: several share one log under `margin serve --workers`.
            "pid": record.process,
            "request_id": request_id(),
            "message": record.getMessage(),
            **_extras(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):
    """Write to whatever sys.stderr is now (test runners swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def gunicorn_logger(fmt: str) -> type[GunicornLogger]:
    """Return a gunicorn logger class whose error log uses Margin's formatter."""

    class MarginGunicornLogger(GunicornLogger):
        def setup(self, cfg):
            super().setup(cfg)
            for handler in self.error_log.handlers:
                handler.setFormatter(formatter(fmt))

    return MarginGunicornLogger
