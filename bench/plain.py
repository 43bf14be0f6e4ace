"""The reference: what a plain Flask-SQLAlchemy app does with the same requests.

One model and two views written the way the Flask-SQLAlchemy docs write them: list a
thread's first 50 rows through the ORM, and insert one row from a JSON body. No
validation beyond required keys, no rate limits, no spam scoring, no caching. It runs
under the same gunicorn settings as the bare app and Margin, on the run's own database
(its own table), so its ratios show what the stack the brief fixes costs by itself.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, abort, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

URL_VARIABLE = "BENCH_PLAIN_DATABASE_URL"
ROWS = 50
LIST_PATH = "/comments?thread=/bench/read"
INSERT_PATH = "/comments"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class PlainComment(db.Model):
    __tablename__ = "plain_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread: Mapped[str] = mapped_column(sa.String(200), index=True)
    author: Mapped[str] = mapped_column(sa.String(80))
    email: Mapped[str] = mapped_column(sa.String(254))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))

    def to_dict(self) -> dict:
        return {"id": self.id, "thread": self.thread, "author": self.author,
                "body": self.body, "created_at": self.created_at.isoformat()}


def create_app(url: str | None = None) -> Flask:
    """Return the reference app on `url` (default: the URL in BENCH_PLAIN_DATABASE_URL)."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url or os.environ[URL_VARIABLE]
    db.init_app(app)
    if sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() == "sqlite":
        with app.app_context():
            # The journal settings Margin runs with, so neither pays for a different one.
            sa.event.listen(db.engine, "connect", _tune_sqlite)

    @app.get("/comments")
    def list_comments():
        rows = db.session.scalars(
            db.select(PlainComment).where(PlainComment.thread == request.args["thread"])
            .order_by(PlainComment.id).limit(ROWS))
        return jsonify([row.to_dict() for row in rows])

    @app.post("/comments")
    def add_comment():
        data = request.get_json()
        if not all(isinstance(data.get(key), str) for key in ("thread", "author", "email",
                                                               "body")):
            abort(400)
        row = PlainComment(thread=data["thread"], author=data["author"], email=data["email"],
                           body=data["body"])
        db.session.add(row)
        db.session.commit()
        return jsonify(row.to_dict()), 201

    return app


def _tune_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def prepare(url: str, body: str) -> None:
    """Create the reference table on `url` and fill its read thread with ROWS rows."""
    app = create_app(url)
    with app.app_context():
        db.create_all()
        db.session.add_all(PlainComment(thread="/bench/read", author=f"Reader {n}",
                                        email=f"reader{n}@example.org", body=body)
                           for n in range(ROWS))
        db.session.commit()
        db.engine.dispose()
