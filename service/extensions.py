"""The Flask extensions, created unbound; create_app() binds them."""

import click
from flask import Flask, current_app, request
from flask_cors import CORS
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from . import clients
from .ratelimit import PolicyLimiter

# Named constraints let migrations alter and drop them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Migrate:
    """Flask-Migrate, imported (with Alembic) only when a migration or `db` command runs."""

    # A serving worker never migrates, and Alembic costs each one about 10 MiB.

    def init_app(self, app: Flask, db: SQLAlchemy, **options) -> None:
        """Record the migration options and add the `db` command group."""
        app.extensions["migrate"] = MigrateConfig(db, **options)
        app.cli.add_command(_DbCommands("db", help="Perform database migrations."))


class MigrateConfig:
    """What Flask-Migrate reads from app.extensions["migrate"]; its Migrate made on first use."""

    def __init__(self, db: SQLAlchemy, directory: str = "migrations", **options):
        self.db = db
        self.directory = str(directory)
        self._options = options
        self._migrate = None

    @property
    def migrate(self):
        """Return the app's flask_migrate.Migrate, importing Alembic now."""
        if self._migrate is None:
            from flask_migrate import Migrate as FlaskMigrate

            self._migrate = FlaskMigrate(db=self.db, directory=self.directory, **self._options)
        return self._migrate

    @property
    def configure_args(self) -> dict:
        """Return the keyword arguments Flask-Migrate passes to Alembic's context."""
        return self.migrate.alembic_ctx_kwargs

    @property
    def metadata(self) -> MetaData:
        """Return the models' metadata."""
        return self.db.metadata


class _DbCommands(click.Group):
    """Flask-Migrate's `db` group, imported when it is invoked."""

    @staticmethod
    def _group() -> click.Group:
        from flask_migrate.cli import db as group

        return group

    def make_context(self, info_name, args, parent=None, **extra):
        """Parse the arguments with Flask-Migrate's own group, which then runs."""
        return self._group().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx) -> list[str]:
        """List Flask-Migrate's subcommands."""
        return self._group().list_commands(ctx)

    def get_command(self, ctx, name: str):
        """Return one of Flask-Migrate's subcommands."""
        return self._group().get_command(ctx, name)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def rate_limit_key() -> str:
    """Key rate limits on the app's namespace and the client (an IPv6 client's /64)."""
    # The address is the one service/clients.py derived. The namespace lives in the key
    # because Flask-Limiter keeps its own prefix from the first app only.
    return f"{current_app.config['RATELIMIT_NAMESPACE']}/{clients.group(request.remote_addr)}"


# Storage failures follow RATELIMIT_FAIL_OPEN per app (service/ratelimit.py).
limiter = PolicyLimiter(key_func=rate_limit_key)
cors = CORS()
