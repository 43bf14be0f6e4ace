"""What every benchmark shares: its own database, Margin's settings, a migrated app.

Only the standard library is imported here, so bench.memory can measure imports after
importing this module.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HIGH_LIMIT = "100000000/minute"
# Run in another process, as `margin serve` does before its workers start: Alembic's own
# memory is no worker's.
_MIGRATE = ("import sys; from flask_migrate import upgrade; from service import create_app; "
            "app = create_app(instance_path=sys.argv[1]); app.app_context().push(); "
            "upgrade(directory=app.extensions['migrate'].directory)")


def margin_env(instance: Path, database_url: str | None, access_log: bool = False) -> dict:
    """Return the settings Margin runs with: raised limits, trusted X-Forwarded-For."""
    env = {
        # Neither app writes an access line unless asked: gunicorn's is off for both, and
        # Margin's own (service.access, INFO) is silenced with the level.
        "MARGIN_LOG_LEVEL": "INFO" if access_log else "WARNING",
        "MARGIN_INSTANCE_PATH": str(instance),
        "MARGIN_SECRET_KEY": "bench-secret",
        "MARGIN_RATELIMIT_COMMENTS": HIGH_LIMIT,
        "MARGIN_RATELIMIT_READS": HIGH_LIMIT,
        "MARGIN_TRUSTED_PROXIES": "127.0.0.1/32",
    }
    if database_url:
        env["MARGIN_DATABASE_URL"] = database_url
    return env


class Database:
    """The run's own database: a SQLite file, or a PostgreSQL database made and dropped."""

    def __init__(self, server_url: str | None, instance: Path):
        self.server_url = server_url
        self.url = None
        self.instance = instance

    def __enter__(self) -> Database:
        if self.server_url:
            import sqlalchemy as sa

            admin = sa.make_url(self.server_url)
            self.name = f"margin_bench_{uuid.uuid4().hex[:8]}"
            self.admin = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
            self.url = admin.set(database=self.name).render_as_string(hide_password=False)
        return self

    def __exit__(self, *exc) -> None:
        if self.server_url:
            import sqlalchemy as sa

            with self.admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()


def instance_folder(prefix: str = "margin-bench-") -> Path:
    """Return a new, empty instance folder (left for the system's temporary cleanup)."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def migrate_in_subprocess(folder: Path) -> None:
    """Apply every migration to the instance folder's SQLite database in another process."""
    subprocess.run([sys.executable, "-c", _MIGRATE, str(folder)], check=True,
                   capture_output=True, cwd=ROOT)


def migrated_app(overrides: dict | None = None, folder: Path | None = None):
    """Return an app on a fresh, migrated SQLite database in its own instance folder."""
    from flask_migrate import upgrade

    from service import create_app

    folder = folder or instance_folder()
    app = create_app({"TESTING": True, **(overrides or {})}, instance_path=str(folder))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    return app
