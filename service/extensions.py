"""The Flask extensions, created unbound; create_app() binds them."""

from flask import current_app, request
from flask_cors import CORS
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

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


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def rate_limit_key() -> str:
    """Key rate limits on the app's namespace and the client address."""
    # The address is the socket's unless TRUSTED_PROXIES installed ProxyFix. The namespace
    # lives in the key because Flask-Limiter keeps its own prefix from the first app only.
    return f"{current_app.config['RATELIMIT_NAMESPACE']}/{request.remote_addr}"


# Storage failures follow RATELIMIT_FAIL_OPEN per app (service/ratelimit.py).
limiter = PolicyLimiter(key_func=rate_limit_key)
cors = CORS()
