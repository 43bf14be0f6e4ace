"""The one error shape every failure answers with; imports nothing from Margin.

    {"error": {"code": "validation_failed",
               "message": "The submission has invalid fields.",
               "fields": {"email": ["Not a valid email address."]}}}

`code` is stable and machine-readable, `message` is for people, `fields` maps each
offending input field to its messages (empty when the error is not about fields).
A 429 also carries `retry_after` (seconds), mirrored in the Retry-After header; a 422
`abuse_nudge` carries `abuse` (the categories and words that would hold the comment).
"""

from __future__ import annotations

from flask import Response, jsonify


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
