"""Bans: list, add, lift."""

from __future__ import annotations

from flask import jsonify, request

from ...moderation import bans
from ...moderation.auth import Role, current_actor, require_role
from ...moderation.schemas import BanIn, BanOut, BansQuery, ban_in, ban_out, bans_out
from ..requests import json_object
from ..spec import documented
from .blueprint import bp
from .contract import BAN_LIST, MODERATOR


@bp.get("/bans")
@documented(query=BansQuery, responses={200: BAN_LIST}, **MODERATOR)
@require_role(Role.MODERATOR)
def list_bans():
    """List live bans, newest first; `expired=true` includes expired ones."""
    include_expired = request.args.get("expired", "false").lower() in ("1", "true", "yes")
    return jsonify(items=bans_out.dump(bans.list_bans(include_expired=include_expired)))


@bp.post("/bans")
@documented(body=BanIn, responses={201: BanOut}, **MODERATOR)
@require_role(Role.MODERATOR)
def create_ban():
    """Ban an email address, a client address or network, or a website domain."""
    data = ban_in.load(json_object())
    ban = bans.create(data["kind"], data["value"], current_actor(),
                      expires_at=data["expires_at"], note=data["note"])
    return jsonify(ban_out.dump(ban)), 201


@bp.delete("/bans/<int:ban_id>")
@documented(responses={204: None}, **MODERATOR)
@require_role(Role.MODERATOR)
def delete_ban(ban_id: int):
    """Lift a ban."""
    bans.delete(ban_id, current_actor())
    return "", 204
