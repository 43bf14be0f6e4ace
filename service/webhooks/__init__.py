"""Webhooks: a transactional outbox of signed events and the workers that deliver them."""

from flask import Flask

from . import outbox


def init_app(app: Flask) -> None:
    """Subscribe the outbox to the domain events it turns into webhook messages."""
    outbox.connect()
