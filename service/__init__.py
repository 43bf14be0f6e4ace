"""Margin: self-hosted comments for news and article sites."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import (
    abuse,
    api,
    cli,
    clients,
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
    cors.init_app(app, resources={security.PUBLIC_API_PATHS: security.api_cors_options(app)})
    # Inside the client-address layer and the header guard: it sees the derived client
    # address and checked headers.
    fastpath.init_app(app)
    clients.init_app(app)

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
