"""Margin: self-hosted comments for news and article sites."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import (
    abuse,
    api,
    cli,
    clients,
    complaint_page,
    config,
    console,
    database,
    errors,
    fastpath,
    instance,
    listing_cache,
    logs,
    mail,
    metrics,
    security,
    spam,
    subscribers,
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
    listing_cache.init_app(app)
    errors.init_app(app)
    subscribers.connect()
    security.init_app(app)
    webhooks.init_app(app)
    api.init_app(app)
    spam.init_app(app)
    abuse.init_app(app)
    abuse_external.init_app(app)
    mail.init_app(app)
    metrics.init_app(app)
    app.register_blueprint(web.bp)
    app.register_blueprint(complaint_page.bp)
    console.init_app(app)
    cli.init_app(app)
    wrap_wsgi(app)
    return app


def wrap_wsgi(app: Flask) -> None:
    """Wrap Flask's WSGI app in Margin's layers, innermost first: the order matters."""
    # Innermost: the fast reads answer cached listings, their 304s and counts before Flask
    # runs, so they see the client address and the headers the outer layers settled.
    app.wsgi_app = fastpath.wrap(app, app.wsgi_app)
    # Around them: REMOTE_ADDR becomes the client a trusted proxy names, so the fast reads,
    # Flask, the limiter and the access log all read the one derived address.
    app.wsgi_app = clients.wrap(app, app.wsgi_app)
    # Outermost: request headers carrying line breaks or NUL get a 400 before anything
    # reads them (CORS echoes Origin; nothing may split a response header).
    app.wsgi_app = security.HeaderGuard(app.wsgi_app)
