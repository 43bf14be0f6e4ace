"""The moderation console under /console/: pages for people, on the moderation domain.

Views stay thin, as the API's do: parse, call the same domain functions, answer.
"""

from __future__ import annotations

from flask import Flask

# Importing the view modules registers their routes on bp.
from . import data, pages  # noqa: F401
from .blueprint import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Serve the console."""
    app.register_blueprint(bp)
