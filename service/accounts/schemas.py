"""What an account is made of when an admin or the CLI creates one."""

from __future__ import annotations

from marshmallow import fields, validate

from ..fields import Email, Plain, Strict
from ..models import Role

NAME_MAX_LENGTH = 100


class AccountIn(Strict):
    """A new account."""

    email = Email(required=True)
    name = Plain(load_default=None, allow_none=True,
                 validate=validate.Length(min=1, max=NAME_MAX_LENGTH))
    role = fields.Enum(Role, by_value=True, required=True)


account_in = AccountIn()
