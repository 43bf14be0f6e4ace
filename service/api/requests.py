"""Reading requests: JSON bodies, client details, rate-limit strings."""

from __future__ import annotations

import json

from flask import current_app, request

from ..errors import APIError
from ..submissions import ClientInfo

USER_AGENT_MAX = 512


def json_object() -> dict:
    """Return the request's JSON object body, or raise 415/400 (413 comes from werkzeug)."""
    if not request.is_json:
        raise APIError(415, "unsupported_media_type", "Send the body as application/json.")
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        # ValueError covers malformed JSON and bytes that are not valid UTF-8.
        raise APIError(400, "invalid_json", "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise APIError(400, "invalid_json", "The body must be a JSON object.")
    return data


def client_info() -> ClientInfo:
    """Describe the client: its address (after trusted proxies) and user agent."""
    agent = request.headers.get("User-Agent")
    return ClientInfo(ip=request.remote_addr or "unknown",
                      user_agent=agent[:USER_AGENT_MAX] if agent else None)


def comments_limit() -> str:
    """Return the configured rate limit for submissions."""
    return current_app.config["RATELIMIT_COMMENTS"]


def reads_limit() -> str:
    """Return the configured rate limit for reads."""
    return current_app.config["RATELIMIT_READS"]
