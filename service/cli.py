"""The `margin` command: Flask's CLI bound to create_app, plus Margin's own commands."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .abuse.cli import abuse as abuse_commands
from .accounts import cli as accounts_cli
from .dsa.cli import dsa as dsa_commands
from .extensions import db
from .instance import SECRET_FILE
from .mail import settings as mail_settings
from .moderation import cli as moderation_cli
from .schema import upgrade_once
from .spam.cli import spam as spam_commands
from .webhooks import cli as webhooks_cli

# Per-worker metric files of `margin serve`, in the instance folder; emptied on start.
METRICS_DIR = "prometheus"


def main() -> None:
    """Run the margin command line."""
    from . import create_app
    from .config import ConfigError

    try:
        FlaskGroup(create_app=create_app, help="Margin, comments for news sites.")(
            prog_name="margin"
        )
    except ConfigError as error:
        # A setting the operator can fix: say which, without a traceback.
        raise SystemExit(f"Error: {error}") from None


def init_app(app: Flask) -> None:
    """Register Margin's commands."""
    from .seed import seed

    app.cli.add_command(serve)
    app.cli.add_command(seed)
    app.cli.add_command(spam_commands)
    app.cli.add_command(abuse_commands)
    app.cli.add_command(dsa_commands)
    moderation_cli.init_app(app)
    accounts_cli.init_app(app)
    webhooks_cli.init_app(app)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes. With memory:// rate limits, each keeps its own counts.")
# Each request in flight holds a thread until it is answered: with a handful, as many
# slow clients would leave none for anyone else (see also SERVE_HEAD_TIMEOUT_SECONDS).
# Idle threads cost nothing, and database connections stay capped by the pool.
@click.option("--threads", default=32, show_default=True, type=click.IntRange(1, 256),
              help="Threads per worker (1: gunicorn's sync worker).")
@with_appcontext
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Apply pending migrations, then serve under gunicorn."""
    from . import create_app, logs, metrics
    from .server import Server, Worker

    # Before any worker starts: they all count into one directory, so any of them can
    # answer a scrape with the totals.
    metrics.prepare_multiprocess(Path(current_app.instance_path) / METRICS_DIR)
    upgrade_once(current_app.extensions["migrate"].directory)
    # Workers open their own connections; none may inherit this process's.
    db.engine.dispose()
    base = f"http://{host}:{port}"
    click.echo(f"Margin is serving on {base}/")
    if current_app.config["DEMO_PAGE"]:
        click.echo(f"  demo page     {base}/")
    click.echo(f"  public API    {base}/api/v1/comments?thread=/demo")
    click.echo(f"  health        {base}/healthz")
    click.echo(f"  metrics       {base}/metrics")
    click.echo(f"  instance      {current_app.instance_path}")
    click.echo(f"  mail          "
               f"{mail_settings.transport(current_app.config['MAIL_URL']).describe()}")
    for warning in deployment_warnings(current_app, workers, host):
        click.echo(f"  warning: {warning}", err=True)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": Worker if threads > 1 else "sync",
        # Margin logs one access line per request itself, with its request id and endpoint;
        # gunicorn's error log goes through the same formatter.
        "accesslog": None,
        "errorlog": "-",
        "logger_class": logs.gunicorn_logger(current_app.config["LOG_FORMAT"]),
        "timeout": 30,
        "graceful_timeout": 20,
        # gunicorn's control socket has one default path per user: a second `margin serve`
        # on the same machine would take it over from the first.
        "control_socket_disable": True,
    }
    # A process of its own: gunicorn's forked workers inherit neither a thread nor the
    # connections it would hold.
    worker = webhooks_cli.start_beside(current_app)
    if worker is not None:
        click.echo(f"  webhooks      delivered by worker process {worker.pid}")
    try:
        Server(create_app, options).run()
    finally:
        webhooks_cli.stop_beside(worker)


def is_loopback(host: str) -> bool:
    """Return whether a bind address is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def deployment_warnings(app: Flask, workers: int, host: str = "127.0.0.1") -> list[str]:
    """List settings that keep state per process where it must be shared, or expose it."""
    shared_db = not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    warnings = []
    if not is_loopback(host):
        warnings.append(f"listening on {host}, beyond this machine: put a buffering reverse "
                        "proxy (nginx, Caddy, a load balancer) in front and bind to "
                        "127.0.0.1, or slow clients can hold every thread (docs/security.md).")
        if not app.config["METRICS_TOKEN"]:
            warnings.append(f"/metrics answers anyone who reaches {host}; set "
                            "MARGIN_METRICS_TOKEN or keep /metrics off the public proxy.")
    if (workers > 1 or shared_db) and app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        warnings.append("memory:// rate limits are per process; "
                        "set MARGIN_RATELIMIT_STORAGE_URI to share them.")
    if mail_settings.transport(app.config["MAIL_URL"]).scheme is not mail_settings.Scheme.FILE:
        public = mail_settings.public_url(app.config["PUBLIC_URL"])
        if not public.startswith("https://"):
            warnings.append(f"links in emails start with {public}; set MARGIN_PUBLIC_URL to "
                            "the https address readers reach Margin at (one-click "
                            "unsubscribe needs https).")
    secret_file = Path(app.instance_path) / SECRET_FILE
    if shared_db and secret_file.is_file() and \
            secret_file.read_text().strip() == app.config["SECRET_KEY"]:
        warnings.append("the secret key was generated for this host; set MARGIN_SECRET_KEY "
                        "to one value on every host that shares the database.")
    return warnings
