"""The `margin` command: Flask's CLI bound to create_app, plus Margin's own commands."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from . import moderation_cli
from .abuse.cli import abuse as abuse_commands
from .extensions import db
from .instance import SECRET_FILE
from .spam.cli import spam as spam_commands
from .webhooks import cli as webhooks_cli

# Any fixed 64-bit number, the same in every Margin process: "margin" in ASCII.
MIGRATION_LOCK_KEY = 0x6D617267696E
# Per-worker metric files of `margin serve`, in the instance folder; emptied on start.
METRICS_DIR = "prometheus"


def main() -> None:
    """Run the margin command line."""
    from . import create_app

    FlaskGroup(create_app=create_app, help="Margin, comments for news sites.")(
        prog_name="margin"
    )


def init_app(app: Flask) -> None:
    """Register Margin's commands."""
    from .seed import seed

    app.cli.add_command(serve)
    app.cli.add_command(seed)
    app.cli.add_command(spam_commands)
    app.cli.add_command(abuse_commands)
    moderation_cli.init_app(app)
    webhooks_cli.init_app(app)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes. With memory:// rate limits, each keeps its own counts.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 256),
              help="Threads per worker (1: gunicorn's sync worker).")
@with_appcontext
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Apply pending migrations, then serve under gunicorn."""
    from . import create_app, logs, metrics
    from .server import Server

    # Before any worker starts: they all count into one directory, so any of them can
    # answer a scrape with the totals.
    metrics.prepare_multiprocess(Path(current_app.instance_path) / METRICS_DIR)
    upgrade_once(current_app.extensions["migrate"].directory)
    # Workers open their own connections; none may inherit this process's.
    db.engine.dispose()
    base = f"http://{host}:{port}"
    click.echo(f"Margin is serving on {base}/")
    click.echo(f"  demo page     {base}/")
    click.echo(f"  public API    {base}/api/v1/comments?thread=/demo")
    click.echo(f"  health        {base}/healthz")
    click.echo(f"  metrics       {base}/metrics")
    click.echo(f"  instance      {current_app.instance_path}")
    for warning in deployment_warnings(current_app, workers):
        click.echo(f"  warning: {warning}", err=True)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
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


def upgrade_once(directory: str) -> None:
    """Apply pending migrations; on PostgreSQL, one process at a time across all hosts."""
    # Imported here: Flask-Migrate brings Alembic, which serving workers never need.
    from flask_migrate import upgrade

    if db.engine.dialect.name != "postgresql":
        # SQLite: the migration's BEGIN IMMEDIATE already makes a second process wait.
        upgrade(directory=directory)
        return
    # Hosts restarted together would otherwise run the same DDL at once and the losers
    # would crash; behind the lock they find nothing left to do.
    with db.engine.connect() as lock:
        lock.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        try:
            upgrade(directory=directory)
        finally:
            lock.execute(sa.text("SELECT pg_advisory_unlock(:key)"),
                         {"key": MIGRATION_LOCK_KEY})
            lock.commit()


def deployment_warnings(app: Flask, workers: int) -> list[str]:
    """List settings that keep state per process or per host where it must be shared."""
    shared_db = not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    warnings = []
    if (workers > 1 or shared_db) and app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        warnings.append("memory:// rate limits are per process; "
                        "set MARGIN_RATELIMIT_STORAGE_URI to share them.")
    secret_file = Path(app.instance_path) / SECRET_FILE
    if shared_db and secret_file.is_file() and \
            secret_file.read_text().strip() == app.config["SECRET_KEY"]:
        warnings.append("the secret key was generated for this host; set MARGIN_SECRET_KEY "
                        "to one value on every host that shares the database.")
    return warnings
