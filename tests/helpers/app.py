"""The public API as the widget speaks it, and a migrated database."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade

from service import create_app
from service.extensions import db


def migrated(url: str, instance: Path) -> None:
    """Apply every migration to a fresh database at url."""
    app = create_app({"TESTING": True, "DATABASE_URL": url}, instance_path=str(instance))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()


MISSING = object()


class API:
    """Speak to the public API the way the widget does."""

    DEFAULTS = {
        "thread": "/news/2026/11/harbour-bridge",
        "author": "Ann Reader",
        "email": "ann@example.com",
        "body": "A thoughtful comment about the bridge.",
    }

    def __init__(self, app, client):
        self.app = app
        self.client = client

    def post_comment(self, ip: str = "192.0.2.10", **fields):
        payload = {k: v for k, v in {**self.DEFAULTS, **fields}.items() if v is not MISSING}
        return self.client.post("/api/v1/comments", json=payload,
                                environ_base={"REMOTE_ADDR": ip})

    def listing(self, thread: str | None = None, **params):
        params = {"thread": self.DEFAULTS["thread"] if thread is None else thread, **params}
        return self.client.get("/api/v1/comments", query_string=params)

    def rows(self, model=None):
        """Return every row of a model (Comment by default), oldest first."""
        from service.models import Comment

        model = model or Comment
        with self.app.app_context():
            rows = db.session.execute(db.select(model).order_by(model.id)).scalars().all()
            db.session.expunge_all()
            return rows
