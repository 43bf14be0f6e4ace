"""Personal data requests: export and erase everything stored about an email address."""

from __future__ import annotations

from flask import jsonify

from ...moderation import personal_data
from ...moderation.auth import Role, current_actor, require_role
from ...moderation.schemas import EmailIn, EraseIn, email_in, erase_in
from ..contract import ANY_OBJECT
from ..requests import json_object
from ..spec import documented
from .blueprint import bp
from .contract import ADMIN

# POST, not GET: an address in a query string would end up in access logs.


@bp.post("/personal-data/export")
@documented(body=EmailIn, responses={200: ANY_OBJECT}, **ADMIN)
@require_role(Role.ADMIN)
def export():
    """Return everything stored about an address as JSON."""
    data = email_in.load(json_object())
    return jsonify(personal_data.export(data["email"], current_actor()))


@bp.post("/personal-data/erase")
@documented(body=EraseIn, responses={200: ANY_OBJECT}, **ADMIN)
@require_role(Role.ADMIN)
def erase():
    """Erase an address, anonymising or removing its comments."""
    data = erase_in.load(json_object())
    return jsonify(personal_data.erase(data["email"], data["comments"], current_actor()))
