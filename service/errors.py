"""The one error shape every failure answers with, and the handlers that produce it.

    {"error": {"code": "validation_failed",
               "message": "The submission has invalid fields.",
               "fields": {"email": ["Not a valid email address."]}}}

`code` is stable and machine-readable, `message` is for people, `fields` maps each
offending input field to its messages (empty when the error is not about fields).
A 429 also carries `retry_after` (seconds), mirrored in the Retry-After header; a 422
`abuse_nudge` carries `abuse` (the categories and words that would hold the comment).
"""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, Response, jsonify
from flask_limiter.errors import RateLimitExceeded
from marshmallow import ValidationError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db, limiter

log = logging.getLogger(__name__)

# Stable codes for werkzeug's HTTP errors.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}
DB_RETRY_AFTER_SECONDS = 5


class APIError(Exception):
    """An error the API answers with: status, code, message and optional fields."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None,
                 **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        # Further members of the error object, beside code, message and fields.
        self.extra = extra


def error_response(status: int, code: str, message: str, fields: dict | None = None,
                   **extra) -> Response:
    """Build the common error response."""
    body = {"code": code, "message": message, "fields": fields or {}, **extra}
    response = jsonify(error=body)
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    """Register the handlers that turn every failure into the common shape."""
    app.register_error_handler(APIError, _api_error)
    app.register_error_handler(ValidationError, _validation_error)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)


def _api_error(e: APIError) -> Response:
    return error_response(e.status, e.code, e.message, e.fields, **e.extra)


def _validation_error(e: ValidationError) -> Response:
    messages = e.messages if isinstance(e.messages, dict) else {"_schema": e.messages}
    return error_response(400, "validation_failed", "The request has invalid fields.", messages)


def _rate_limited(e: RateLimitExceeded) -> Response:
    current = limiter.current_limit
    retry_after = max(1, math.ceil(current.window[0] - time.time())) if current else 60
    response = error_response(
        429, "rate_limited", f"Too many requests ({e.description}). Try again later.",
        retry_after=retry_after,
    )
    response.headers["Retry-After"] = str(retry_after)
    return response


def _http_error(e: HTTPException) -> Response:
    status = e.code or 500
    response = error_response(status, _HTTP_CODES.get(status, "http_error"), e.description)
    if status == 405 and e.valid_methods:
        response.headers["Allow"] = ", ".join(e.valid_methods)
    return response


def _database_unavailable(e: OperationalError) -> Response:
    log.error("database unavailable: %s", e.orig)
    db.session.rollback()
    response = error_response(
        503, "service_unavailable", "The database is unavailable. Try again shortly."
    )
    response.headers["Retry-After"] = str(DB_RETRY_AFTER_SECONDS)
    return response


def _unexpected(e: Exception) -> Response:
    log.exception("unhandled error")
    db.session.rollback()
    return error_response(500, "internal_error", "Something went wrong on our side.")
