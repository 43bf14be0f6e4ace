"""Webhooks: a transactional outbox of signed events and the workers that deliver them."""

from flask import Flask

from . import gauges, outbox


def init_app(app: Flask) -> None:
    """Subscribe the outbox to the domain events; report the outbox on /metrics."""
    outbox.connect()
    gauges.register()
