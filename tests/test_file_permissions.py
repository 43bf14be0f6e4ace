"""The SQLite database and its WAL and shared-memory files are readable by Margin's user only."""

from __future__ import annotations

import os
import stat

import sqlalchemy as sa

from service import create_app
from service.extensions import db


def test_a_new_sqlite_database_and_its_wal_are_private(tmp_path, monkeypatch):
    monkeypatch.delenv("MARGIN_DATABASE_URL", raising=False)
    old = os.umask(0o022)  # the usual umask, which leaves new files world-readable
    try:
        app = create_app({}, instance_path=str(tmp_path))
        with app.app_context():
            with db.engine.begin() as conn:
                conn.execute(sa.text("CREATE TABLE notes (body TEXT)"))
                conn.execute(sa.text("INSERT INTO notes VALUES ('alice@example.com')"))
            files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()
                     if p.name.startswith("margin.sqlite3")}
            db.engine.dispose()
    finally:
        os.umask(old)
    assert {"margin.sqlite3", "margin.sqlite3-wal", "margin.sqlite3-shm"} <= set(files)
    assert all(mode == 0o600 for mode in files.values()), files


def test_an_existing_database_keeps_its_mode(tmp_path, monkeypatch):
    # An operator who chose a mode (a backup group, say) keeps it.
    monkeypatch.delenv("MARGIN_DATABASE_URL", raising=False)
    path = tmp_path / "margin.sqlite3"
    path.touch()
    path.chmod(0o640)
    app = create_app({}, instance_path=str(tmp_path))
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE notes (body TEXT)"))
        db.engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_new_instance_folder_is_private(tmp_path, monkeypatch):
    monkeypatch.delenv("MARGIN_DATABASE_URL", raising=False)
    folder = tmp_path / "instance"
    old = os.umask(0o022)
    try:
        create_app({}, instance_path=str(folder))
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600
