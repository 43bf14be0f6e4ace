"""Margin: self-hosted comments for news and article sites."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    abuse,
    api,
    cli,
    config,
    database,
    errors,
    fastpath,
    health,
    instance,
    listing_cache,
    logs,
    metrics,
    moderation,
    security,
    spam,
    web,
    webhooks,
)
from .abuse import external as abuse_external
from .extensions import cors, db, limiter, migrate

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: dict | None = None, *, instance_path: str | None = None) -> Flask:
    """Build the Margin application."""
    app = Flask(
        __name__,
        instance_path=instance_path or config.default_instance_path(),
        instance_relative_config=True,
    )
    config.load(app, test_config)
    instance.prepare(app)
    logs.init_app(app)

    database.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    limiter.init_app(app)
    cors.init_app(app, resources={r"/api/*": security.api_cors_options(app)})
    # Inside ProxyFix and the header guard: it sees the client's address, checked headers.
    fastpath.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    listing_cache.init_app(app)
    errors.init_app(app)
    moderation.init_app(app)
    security.init_app(app)
    webhooks.init_app(app)
    api.init_app(app)
    spam.init_app(app)
    abuse.init_app(app)
    abuse_external.init_app(app)
    app.register_blueprint(health.bp)
    metrics.init_app(app)
    app.register_blueprint(web.bp)
    cli.init_app(app)
    return app
