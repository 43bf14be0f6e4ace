"""The JSON API, versioned under /api/v1."""

from flask import Blueprint, Flask

from . import docs, health, metrics, moderation, public, reports, requests, webhooks

PREFIX = "/api/v1"


def init_app(app: Flask) -> None:
    """Register the API blueprints, and /healthz and /metrics beside them at the root."""
    api = Blueprint("api", __name__, url_prefix=PREFIX)
    api.before_request(requests.reject_undecodable_query)
    api.register_blueprint(public.bp)
    api.register_blueprint(reports.bp)
    api.register_blueprint(moderation.bp)
    api.register_blueprint(webhooks.bp)
    api.register_blueprint(docs.bp)
    app.register_blueprint(api)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
