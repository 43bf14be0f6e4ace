"""The `margin` command: Flask's CLI bound to create_app, plus Margin's own commands."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from .extensions import db
from .spam.cli import spam as spam_commands


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
    from . import create_app
    from .server import Server

    upgrade(directory=current_app.extensions["migrate"].directory)
    # Workers open their own connections; none may inherit this process's.
    db.engine.dispose()
    base = f"http://{host}:{port}"
    click.echo(f"Margin is serving on {base}/")
    click.echo(f"  demo page     {base}/")
    click.echo(f"  public API    {base}/api/v1/comments?thread=/demo")
    click.echo(f"  health        {base}/healthz")
    click.echo(f"  instance      {current_app.instance_path}")
    if workers > 1 and current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        click.echo("  warning: memory:// rate limits are per worker; "
                   "set MARGIN_RATELIMIT_STORAGE_URI to share them.", err=True)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "accesslog": "-",
        "errorlog": "-",
        "timeout": 30,
        "graceful_timeout": 20,
        # gunicorn's control socket has one default path per user: a second `margin serve`
        # on the same machine would take it over from the first.
        "control_socket_disable": True,
    }
    Server(create_app, options).run()
