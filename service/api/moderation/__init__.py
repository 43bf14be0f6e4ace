"""The moderation API under /api/v1/moderation: every call needs a bearer token."""

from flask import Blueprint

from ... import auth

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
auth.limit_failed_attempts(bp)

# The view modules register their routes on bp.
from . import tokens  # noqa: E402, F401
