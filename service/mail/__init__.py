"""Email: reply notifications for readers (double opt-in), alerts and a digest for moderators.

Messages go through one outbox (`outbox.enqueue`), written in the transaction of the
change that causes them and sent by the webhook workers (sender.py). service/subscribers.py
connects this package's subscribers to the domain events.
"""

from flask import Flask

from . import alerts, cli, digest, pages, replies, sender, settings, subscriptions

__all__ = ["alerts", "digest", "replies", "subscriptions"]


def init_app(app: Flask) -> None:
    """Check the mail settings, add the link pages, the worker job and the commands."""
    settings.check(app.config)
    app.register_blueprint(pages.bp)
    app.extensions.setdefault(sender.WORKER_JOBS, []).append(sender.Job(app))
    app.cli.add_command(cli.mail)
