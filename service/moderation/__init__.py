"""Moderation: decisions, queue, reports, bans, audit log, figures, personal data, tokens."""

from __future__ import annotations

from flask import Flask

from . import audit


def init_app(app: Flask) -> None:
    """Subscribe the audit log to the domain events it records."""
    audit.connect()
