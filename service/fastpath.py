"""The public reads every article view makes, answered before Flask's request machinery.

A thread listing whose page is in this worker's listing cache, its `304 Not Modified`,
and the counts are each one indexed query. Through Flask they also pay for the request
context, URL routing, marshmallow, Flask-Limiter's decorator and five response hooks,
several times the query's own cost. This middleware answers them directly, with the same
status, body and headers, counting the same rate limits, metrics and access line.

It answers only what it can answer exactly: a well-formed request it has everything
for. Anything else (a malformed or unusual query, a page not cached yet, a limit reached,
a database or limiter error) goes on to Flask untouched, which answers as it always does,
errors included. `FAST_READS = False` sends every request through Flask.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import unquote

import sqlalchemy as sa
from flask import Flask
from flask_cors.core import get_cors_headers, get_cors_options
from limits import parse_many
from werkzeug.http import parse_etags

from . import clients, comments, listing_cache, logs, metrics, security
from .errors import APIError
from .extensions import db, limiter
from .models import Thread

log = logging.getLogger(__name__)

LISTING = "/api/v1/comments"
COUNTS = "/api/v1/counts"
# The endpoint names Flask would give these requests: the limiter's scope, metrics' label.
LISTING_ENDPOINT = "api.public.list_comments"
COUNTS_ENDPOINT = "api.public.count_comments"
_LISTING_PARAMS = frozenset({"thread", "order", "limit", "cursor"})
_ORDERS = frozenset({"oldest", "newest"})
_CURSOR_MAX = 64
_CORS_ORIGINS_KEPT = 256


def init_app(app: Flask) -> None:
    """Answer hot public reads before Flask, unless FAST_READS is off."""
    # In debug mode jsonify indents its answers; the fast reads write them compact.
    if app.config["FAST_READS"] and not app.debug:
        app.wsgi_app = FastReads(app, app.wsgi_app)


class FastReads:
    """WSGI middleware answering cached listings, their 304s and counts; Flask does the rest."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        config = app.config
        self.key_max = config["THREAD_KEY_MAX_LENGTH"]
        self.page_default = config["PAGE_SIZE_DEFAULT"]
        self.page_max = config["PAGE_SIZE_MAX"]
        self.counts_max = config["COUNTS_MAX_THREADS"]
        self.namespace = config["RATELIMIT_NAMESPACE"]
        # The view's limit is a callable read per request; the configuration is fixed by now.
        self.read_limits = sorted(parse_many(config["RATELIMIT_READS"]))
        self.cache_control = listing_cache.cache_control(config["CACHE_MAX_AGE"])
        self.cors = get_cors_options(app, security.api_cors_options(app))
        self.cors_by_origin: dict[str | None, list[tuple[str, str]]] = {}
        self.reader: _Reader | None = None
        self.routes = {LISTING: self._listing, COUNTS: self._counts}

    def __call__(self, environ, start_response):
        route = self.routes.get(environ.get("PATH_INFO"))
        if route is not None and environ.get("REQUEST_METHOD") == "GET":
            started = time.perf_counter()
            try:
                answer = route(environ)
            except Exception:
                # Outside Flask no error handler would make this the JSON shape: Flask's
                # path answers instead, and the log says why.
                log.exception("fast read failed; Flask answers")
                answer = None
            if answer is not None:
                return self._send(environ, start_response, started, *answer)
        return self.wsgi_app(environ, start_response)

    # --- the two reads: (endpoint, status, body, extra headers), or None for Flask ----

    def _listing(self, environ):
        query = _params(environ)
        if query is None or not query.keys() <= _LISTING_PARAMS:
            return None
        key = self._thread_key(query.get("thread"))
        order = query.get("order", "oldest")
        limit = self._limit(query.get("limit"))
        cursor = query.get("cursor")
        if key is None or order not in _ORDERS or limit is None:
            return None
        after = None
        if cursor is not None:
            if len(cursor) > _CURSOR_MAX:
                return None
            try:
                after = comments.decode_cursor(cursor)
            except APIError:
                return None
        row = self._reader().one(comments.THREAD_STATE, {"key": key})
        if row is _FAILED:
            return None
        state = comments.state_from_row(key, row)
        etag = listing_cache.etag(state, order, limit, after)
        headers = [("ETag", f'"{etag}"'), ("Cache-Control", self.cache_control),
                   ("Vary", "Origin")]
        sent = environ.get("HTTP_IF_NONE_MATCH")
        if sent and parse_etags(sent).contains_weak(etag):
            return self._limited(environ, LISTING_ENDPOINT, 304, b"", headers)
        body = self._cache().get(listing_cache.page_key(state, order, limit, after),
                                 count_miss=False)
        if body is None:
            return None
        return self._limited(environ, LISTING_ENDPOINT, 200, body, headers)

    def _counts(self, environ):
        pairs = _pairs(environ)
        if pairs is None:
            return None
        sent = [value for name, value in pairs if name == "thread"]
        if not 1 <= len(sent) <= self.counts_max:
            return None
        for key in sent:
            if self._thread_key(key) is None:
                return None
        unique = list(dict.fromkeys(sent))
        rows = self._reader().all(_counts_statement(len(unique)),
                                  {f"k{i}": key for i, key in enumerate(unique)})
        if rows is _FAILED:
            return None
        found = dict(rows)
        # As jsonify writes it outside debug mode: sorted keys, compact, a final newline.
        body = self.app.json.dumps({key: found.get(key, 0) for key in sent},
                                   separators=(",", ":")) + "\n"
        return self._limited(environ, COUNTS_ENDPOINT, 200, body.encode(), [])

    # --- checks, the same as the views' -------------------------------------------

    def _thread_key(self, key: str | None) -> str | None:
        # What the views' Text field accepts and leaves unchanged: printable ASCII, no
        # surrounding spaces. Other keys (Unicode to normalise, say) go through Flask.
        if (key and key.isascii() and key.isprintable() and len(key) <= self.key_max
                and key[0] != " " and key[-1] != " "):
            return key
        return None

    def _limit(self, raw: str | None) -> int | None:
        if raw is None:
            return self.page_default
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.page_max:
            return int(raw)
        return None

    def _limited(self, environ, endpoint: str, status: int, body: bytes, headers: list):
        client = f"{self.namespace}/{clients.group(environ.get('REMOTE_ADDR'))}"
        # The key rate_limit_key() makes; a breach or a storage error is Flask's to answer.
        if limiter.hit_outside_flask(self.read_limits, client, endpoint) is not True:
            return None
        return endpoint, status, body, headers

    # --- the answer ---------------------------------------------------------------

    def _send(self, environ, start_response, started, endpoint, status, body, headers):
        rid = logs.new_request_id(environ.get("HTTP_X_REQUEST_ID"))
        if status == 200:
            headers = [("Content-Type", "application/json"),
                       ("Content-Length", str(len(body))), *headers]
        headers += security.EVERY_ANSWER
        headers += self._cors_headers(environ)
        headers.append((logs.HEADER, rid))
        start_response("200 OK" if status == 200 else "304 Not Modified", headers)
        seconds = time.perf_counter() - started
        metrics.record(endpoint, "GET", status, seconds)
        if logs.access_logged():
            query = environ.get("QUERY_STRING")
            path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
            logs.log_access("GET", path, status, round(seconds * 1000, 2), endpoint,
                            environ.get("REMOTE_ADDR"), rid)
        return [body]

    def _cors_headers(self, environ) -> list[tuple[str, str]]:
        origin = environ.get("HTTP_ORIGIN")
        # A GET's CORS headers depend on its Origin alone, unless it carries the one other
        # header flask-cors reads; article pages send a handful of Origins. Made-up ones
        # past the bound are worked out each time.
        kept = "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK" not in environ
        found = self.cors_by_origin.get(origin) if kept else None
        if found is None:
            found = list(get_cors_headers(self.cors, _CorsRequest(origin, environ), "GET")
                         .items(multi=True))
            if kept and len(self.cors_by_origin) < _CORS_ORIGINS_KEPT:
                self.cors_by_origin[origin] = found
        return found

    def _cache(self) -> listing_cache.ListingCache:
        return self.app.extensions[listing_cache.EXTENSION]

    def _reader(self) -> _Reader:
        if self.reader is None:
            with self.app.app_context():
                self.reader = _Reader(_reader_engine(db.engine, self.app.config))
        return self.reader


def _reader_engine(engine: sa.Engine, config) -> sa.Engine:
    """Return the engine fast reads use: a pool of their own, beside the app's."""
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return engine  # an in-memory database exists only behind the app's own engine
    # A fast read is one SELECT. Through the app's pool it would also pay the pre-ping,
    # a BEGIN and the rollback on return: four round trips instead of one. This pool runs
    # in autocommit and does not ping: a connection the server dropped fails its one
    # query, is discarded, and that request goes to Flask, whose pool pings. It never
    # waits for a connection either: when all are busy, Flask answers. Being separate,
    # the connections the fast reads keep never leave Flask's requests short of one.
    # The app's own options (connect arguments such as timeouts) hold for it too.
    options = {**config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
               "isolation_level": "AUTOCOMMIT", "pool_pre_ping": False}
    if "poolclass" not in options:
        options.update(pool_size=config["DB_POOL_SIZE"], max_overflow=0, pool_timeout=0)
    reader = sa.create_engine(engine.url, **options)
    # Whoever disposes of the app's engine (a test, a forked worker) means this one too.
    sa.event.listen(engine, "engine_disposed", lambda _engine: reader.dispose())
    return reader


class _CorsRequest:
    """The request headers flask-cors reads, straight from the WSGI environ."""

    def __init__(self, origin: str | None, environ):
        self.origin = origin
        self.environ = environ

    def get(self, name: str, default=None):
        if name == "Origin":
            return self.origin if self.origin is not None else default
        return self.environ.get("HTTP_" + name.upper().replace("-", "_"), default)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None


_FAILED = object()


class _Reader:
    """Run a compiled SELECT outside the ORM session, on a connection each thread keeps."""

    # Checking a connection out of the pool and back in for every read cost about a third
    # of a PostgreSQL 304's CPU (the return alone asks psycopg to roll back). Each thread
    # keeps one instead, until it fails or the engine is disposed of.

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.errors = engine.dialect.loaded_dbapi.Error
        self.compiled: dict[sa.Select, tuple[str, object]] = {}
        self.lock = threading.Lock()
        # Each thread's connection: disposal closes them all, and a thread which ended
        # gives its connection back (servers that start a thread per request would
        # otherwise drain the pool).
        self.held: dict[threading.Thread, object] = {}
        sa.event.listen(engine, "engine_disposed", lambda _engine: self.release_all())

    def _prepare(self, statement: sa.Select, params: dict):
        found = self.compiled.get(statement)
        if found is None:
            compiled = statement.compile(dialect=self.engine.dialect)
            found = (str(compiled), compiled.positiontup if compiled.positional else None)
            self.compiled[statement] = found
        sql, positions = found
        return sql, tuple(params[name] for name in positions) if positions else params

    def _connection(self):
        thread = threading.current_thread()
        connection = self.held.get(thread)
        if connection is not None:
            return connection
        with self.lock:
            ended = [other for other in self.held if not other.is_alive()]
            left = [self.held.pop(other) for other in ended]
        for connection in left:
            connection.close()  # back to the pool: its thread is gone
        connection = self.engine.raw_connection()
        with self.lock:
            self.held[thread] = connection
        return connection

    def _discard(self, connection) -> None:
        """Close a connection that failed; the thread's next read takes a new one."""
        with self.lock:
            self.held.pop(threading.current_thread(), None)
        connection.invalidate()

    def release_all(self) -> None:
        """Close every thread's connection (the engine is being disposed of)."""
        with self.lock:
            held, self.held = list(self.held.values()), {}
        for connection in held:
            connection.invalidate()

    def _run(self, statement: sa.Select, params: dict, fetch):
        sql, values = self._prepare(statement, params)
        try:
            connection = self._connection()
        except (sa.exc.SQLAlchemyError, self.errors):
            log.debug("fast read: no connection; Flask answers", exc_info=True)
            return _FAILED
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(sql, values)
                return fetch(cursor)
            finally:
                # Also ends SQLite's read of the statement, which would otherwise keep
                # the write-ahead log from being checkpointed.
                cursor.close()
        except self.errors:
            # Flask's path meets the same error and answers it (503 and Retry-After).
            log.debug("fast read failed; Flask answers", exc_info=True)
            self._discard(connection)
            return _FAILED

    def one(self, statement: sa.Select, params: dict):
        """Return the first row, None if there is none, or _FAILED."""
        return self._run(statement, params, lambda cursor: cursor.fetchone())

    def all(self, statement: sa.Select, params: dict):
        """Return every row, or _FAILED."""
        return self._run(statement, params, lambda cursor: cursor.fetchall())


_threads = Thread.__table__
_COUNTS_STATEMENTS: dict[int, sa.Select] = {}


def _counts_statement(n: int) -> sa.Select:
    # One statement per number of keys, so each compiles once (at most COUNTS_MAX_THREADS).
    statement = _COUNTS_STATEMENTS.get(n)
    if statement is None:
        statement = sa.select(_threads.c.key, _threads.c.comment_count).where(
            _threads.c.key.in_([sa.bindparam(f"k{i}") for i in range(n)]))
        _COUNTS_STATEMENTS[n] = statement
    return statement


def _pairs(environ) -> list[tuple[str, str]] | None:
    """Parse the query as werkzeug does (parse_qsl), or None if its bytes are not UTF-8."""
    query = environ.get("QUERY_STRING", "")
    if not query.isascii() or "\x00" in query:
        return None
    parts = []
    for item in query.split("&"):
        if item:
            name, _, value = item.partition("=")
            parts += (name, value)
    # One decoding pass over every part (a counts query has a hundred), joined by NUL: no
    # raw part holds one, so a decoded %00 shows as an extra part and Flask answers.
    try:
        decoded = unquote("\x00".join(parts).replace("+", " "), errors="strict").split("\x00")
    except UnicodeDecodeError:
        return None
    if len(decoded) != len(parts):
        return None
    return list(zip(decoded[::2], decoded[1::2], strict=True))


def _params(environ) -> dict[str, str] | None:
    pairs = _pairs(environ)
    if pairs is None:
        return None
    params = dict(pairs)
    # A repeated name means what Flask's first-value lookup makes of it: Flask decides.
    return params if len(params) == len(pairs) else None
