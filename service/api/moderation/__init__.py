"""The moderation API under /api/v1/moderation: every call needs a bearer token."""

from flask import Blueprint, request
from marshmallow import Schema, fields

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


def query_args(schema: Schema) -> dict:
    """Load the query string; list fields take repeated or comma-separated values."""
    args: dict = {}
    for key in request.args:
        field = schema.fields.get(key) or next(
            (f for f in schema.fields.values() if f.data_key == key), None)
        if isinstance(field, fields.List):
            args[key] = [v for raw in request.args.getlist(key) for v in raw.split(",") if v]
        else:
            args[key] = request.args[key]
    return schema.load(args)


# The view modules register their routes on bp.
from . import audit, bans, comments, personal_data, stats, threads, tokens  # noqa: E402, F401
