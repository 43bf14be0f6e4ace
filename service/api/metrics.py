"""/metrics: the Prometheus scrape, behind METRICS_TOKEN when one is set."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, request

from .. import metrics as instruments
from ..error_shape import error_response
from ..extensions import limiter
from .spec import documented

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
@documented(responses={200: {"type": "string"}}, media_type="text/plain", rate_limited=False,
            database=False, tags=("meta",),
            errors={401: "`unauthorized`: METRICS_TOKEN is set and no matching bearer token "
                         "was sent."})
@limiter.exempt
def metrics():
    """Expose the metrics in Prometheus's text format."""
    if not _authorized(current_app.config["METRICS_TOKEN"]):
        refused = error_response(401, "unauthorized", "Send the metrics token as a Bearer token.")
        refused.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return refused
    body, content_type = instruments.exposition()
    return Response(body, content_type=content_type)


def _authorized(token: str | None) -> bool:
    if not token:
        return True
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())
