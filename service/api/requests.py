"""Reading requests: JSON bodies, client details, rate-limit strings."""

from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

from flask import current_app, request

from .. import clients
from ..errors import APIError
from ..submissions import ClientInfo

USER_AGENT_MAX = 512


def json_object() -> dict:
    """Return the request's JSON object body, or raise 415/400 (413 comes from werkzeug)."""
    if not request.is_json:
        raise APIError(415, "unsupported_media_type", "Send the body as application/json.")
    raw = request.get_data(cache=True)
    most = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is None and most and len(raw) >= most:
        # A body streamed without a length (chunked) is cut at the limit, not refused.
        raise APIError(413, "payload_too_large", "The body is too large.")
    try:
        # Decoded strictly as UTF-8 (RFC 8259): json.loads would also guess UTF-16/32.
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        # ValueError covers malformed JSON, a byte-order mark and bytes that are not UTF-8.
        raise APIError(400, "invalid_json", "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise APIError(400, "invalid_json", "The body must be a JSON object.")
    return data


def reject_undecodable_query() -> None:
    """Refuse a query string whose percent-decoded bytes are not UTF-8 (werkzeug keeps them)."""
    query = request.query_string
    try:
        # Each part is a slice of the whole, cut at ASCII "&" and "=": if the whole decodes,
        # every part does, so the part-by-part scan only runs to name the bad fields.
        unquote_to_bytes(query.replace(b"+", b" ")).decode("utf-8")
        return
    except UnicodeDecodeError:
        pass
    bad = {}
    for pair in query.split(b"&"):
        name, _, value = pair.partition(b"=")
        for part in (name, value):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                bad[unquote_to_bytes(name).decode("utf-8", "replace")] = ["Not valid UTF-8."]
    if bad:
        raise APIError(400, "validation_failed", "The request has invalid fields.", bad)


def client_info() -> ClientInfo:
    """Describe the client: its address (after trusted proxies) and user agent."""
    agent = request.headers.get("User-Agent")
    if agent:
        # Headers are the client's to choose: no control characters (NUL breaks PostgreSQL).
        agent = "".join(ch for ch in agent if ch.isprintable())[:USER_AGENT_MAX] or None
    return ClientInfo(ip=_client_address(), user_agent=agent)


def _client_address() -> str:
    # Derived by service/clients.py: the socket's, or a trusted proxy's validated header.
    return clients.canonical(request.remote_addr) or clients.UNKNOWN


def comments_limit() -> str:
    """Return the configured rate limit for submissions."""
    return current_app.config["RATELIMIT_COMMENTS"]


def reads_limit() -> str:
    """Return the configured rate limit for reads."""
    return current_app.config["RATELIMIT_READS"]
