"""Security headers: nosniff and a referrer policy on every answer, a CSP on pages."""

from __future__ import annotations

from flask import Flask, Response

# The demo page runs only its own files: no inline script, no plugins, no foreign frames.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
REFERRER_POLICY = "strict-origin-when-cross-origin"


def init_app(app: Flask) -> None:
    """Add the security headers to every response the app sends."""
    app.after_request(add_headers)


def add_headers(response: Response) -> Response:
    """Set the headers a view has not set itself."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", REFERRER_POLICY)
    # The API is called from other origins' pages, so only pages get frame protection.
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response
