"""Trusted flaggers (DSA Art. 22), registered by an admin."""

from __future__ import annotations

from flask import jsonify

from ...dsa.schemas import FlaggerCreatedOut, FlaggerIn, FlaggerOut, flagger_in, flaggers_out
from ...moderation import flaggers
from ...moderation.auth import Role, current_actor, require_role
from ..contract import items_of
from ..requests import json_object
from ..spec import documented
from .blueprint import bp
from .contract import ADMIN

FLAGGER_LIST = items_of(FlaggerOut, "FlaggerList")
_flagger_out = FlaggerOut()


@bp.get("/flaggers")
@documented(responses={200: FLAGGER_LIST}, **ADMIN)
@require_role(Role.ADMIN)
def list_flaggers():
    """List the trusted flaggers."""
    return jsonify(items=flaggers_out.dump(flaggers.list_all()))


@bp.post("/flaggers")
@documented(body=FlaggerIn, responses={201: FlaggerCreatedOut},
            errors={409: "`conflict`: a flagger with this name or address exists."}, **ADMIN)
@require_role(Role.ADMIN)
def add_flagger():
    """Register a trusted flagger; its token is in this answer and nowhere else."""
    data = flagger_in.load(json_object())
    flagger, token = flaggers.add(data["name"], data["email"], token=data["token"],
                                  actor=current_actor())
    return jsonify(token=token, **_flagger_out.dump(flagger)), 201


@bp.delete("/flaggers/<int:flagger_id>")
@documented(responses={204: None}, **ADMIN)
@require_role(Role.ADMIN)
def remove_flagger(flagger_id: int):
    """Unregister a trusted flagger; its earlier notices stay marked."""
    flaggers.remove(str(flagger_id), current_actor())
    return "", 204

