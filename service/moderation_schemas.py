"""marshmallow schemas of the moderation API: what it accepts and what it shows."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from .models import Role
from .tokens import NAME_MAX_LENGTH


class TokenIn(Schema):
    """A new token as an admin asks for it."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True, load_only=True,
                         validate=validate.Length(min=1, max=NAME_MAX_LENGTH))
    role = fields.Enum(Role, by_value=True, required=True, load_only=True)


class TokenOut(Schema):
    """A token as listed: never its secret, only the prefix for telling tokens apart."""

    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.Enum(Role, by_value=True, dump_only=True)
    prefix = fields.String(dump_only=True)
    created_at = fields.DateTime(format="iso", dump_only=True)
    last_used_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    revoked_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)


token_in = TokenIn()
token_out = TokenOut()
tokens_out = TokenOut(many=True)
