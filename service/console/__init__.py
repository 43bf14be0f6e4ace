"""The moderation console under /console/: pages for people, on the moderation domain.

Views stay thin, as the API's do: parse, call the same domain functions, answer.
"""

from __future__ import annotations

from flask import Flask

# Importing the view modules registers their routes on bp.
from . import (  # noqa: F401
    admin_pages,
    appeal_pages,
    audit_pages,
    data,
    pages,
    personal_data_pages,
    stats_pages,
    threads_pages,
    webhook_pages,
)
from .blueprint import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Serve the console."""
    app.register_blueprint(bp)
