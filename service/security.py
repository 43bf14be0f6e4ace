"""The edge: security headers on every answer, hostile headers and path ids refused."""

from __future__ import annotations

import json
import re

from flask import Flask, Response
from flask.sessions import NullSession, SessionInterface
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from .schemas import MAX_ID

# Pages run only their own files: no inline script or style, no plugins, no foreign frames.
PAGE_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
REFERRER_POLICY = "strict-origin-when-cross-origin"
# On every answer, pages and API alike.
EVERY_ANSWER = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", REFERRER_POLICY))
# Headers a page on another origin may read from the API's answers.
API_EXPOSED_HEADERS = ["ETag", "Retry-After", "X-Request-ID"]


# The paths article pages on other origins call: the public API. The moderation and
# webhook APIs are for tokens held by staff tools, not for pages: no CORS, so a page
# cannot even ask a browser to send them a request it could read.
PUBLIC_API_PATHS = r"/api/v1/(?:comments|counts|openapi\.json)(?:/|$)"


def api_cors_options(app: Flask) -> dict:
    """Return the CORS options of the API (/api/*), for flask-cors and the fast reads."""
    return {"origins": app.config["CORS_ORIGINS"], "expose_headers": API_EXPOSED_HEADERS,
            "max_age": 86400}


def init_app(app: Flask) -> None:
    """Add the security headers; refuse headers with line breaks or NUL, and huge path ids."""
    app.after_request(add_headers)
    app.session_interface = NoSessions()
    app.wsgi_app = HeaderGuard(app.wsgi_app)
    # Before any route is added: every <int:...> in a path then fits the database.
    app.url_map.converters["int"] = DatabaseInt


class NoSessions(SessionInterface):
    """Give every request an empty session that is never read from or written to a cookie."""

    # Margin keeps no cookie sessions (moderators send tokens); the default interface would
    # still build a signing serializer and look for the cookie on every request.

    def open_session(self, app: Flask, request) -> NullSession:
        """Return an empty session that refuses writes."""
        return NullSession()

    def save_session(self, app: Flask, session, response: Response) -> None:
        """Write nothing."""


class DatabaseInt(IntegerConverter):
    """An <int:...> path part that fits a database id; larger ones are not found."""

    # Unbounded, a huge id reaches the database driver and fails there with a 500. A max
    # on the converter would not do: a rule that fails to convert makes werkzeug answer
    # 405 when another method's rule has the same path.

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number


class HeaderGuard:
    """WSGI middleware answering 400 to request headers carrying line breaks or NUL."""

    # Checked before Flask runs: extensions that echo a header (CORS echoes Origin) must
    # never see a value that could split a response header or reach the database.

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        for key, value in environ.items():
            if key.startswith("HTTP_") and isinstance(value, str) and _CONTROL.search(value):
                name = key[5:].replace("_", "-").title()
                return _bad_header(name, start_response)
        return self.wsgi_app(environ, start_response)


# Line breaks split headers when echoed; NUL breaks PostgreSQL. Other controls are left
# to the code reading the header (request ids are cleaned, user agents made printable).
_CONTROL = re.compile(r"[\x00\r\n]")


def _bad_header(name: str, start_response) -> list[bytes]:
    body = json.dumps({"error": {
        "code": "bad_request", "message": "A request header contains a line break or NUL.",
        "fields": {name: ["Contains a line break or NUL."]},
    }}).encode()
    start_response("400 Bad Request", [
        ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
        *EVERY_ANSWER,
    ])
    return [body]


def add_headers(response: Response) -> Response:
    """Set the headers a view has not set itself."""
    headers = response.headers
    for name, value in EVERY_ANSWER:
        headers.setdefault(name, value)
    # The API is called from other origins' pages, so only pages get frame protection.
    # A 304 has no body (werkzeug's default type is text/html): it is no page.
    if response.mimetype == "text/html" and response.status_code != 304:
        headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response
