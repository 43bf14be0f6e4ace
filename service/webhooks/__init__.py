"""Webhooks: a transactional outbox of signed events and the workers that deliver them."""

from flask import Flask

from . import gauges


def init_app(app: Flask) -> None:
    """Report the outbox on /metrics (service/subscribers.py connects the outbox)."""
    gauges.register()
