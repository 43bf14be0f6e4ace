"""Admin token management over the API."""

from __future__ import annotations

from flask import jsonify

from ...moderation import tokens
from ...moderation.auth import Role, current_actor, require_role
from ...moderation.schemas import TokenIn, TokenOut, token_in, token_out, tokens_out
from ..requests import json_object
from ..spec import documented
from .blueprint import bp
from .contract import ADMIN, TOKEN_LIST, TokenCreatedOut


@bp.get("/tokens")
@documented(responses={200: TOKEN_LIST}, **ADMIN)
@require_role(Role.ADMIN)
def list_tokens():
    """List every token, live or revoked."""
    return jsonify(items=tokens_out.dump(tokens.list_all()))


@bp.post("/tokens")
@documented(body=TokenIn, responses={201: TokenCreatedOut},
            errors={409: "`conflict`: a token with this name exists."}, **ADMIN)
@require_role(Role.ADMIN)
def create_token():
    """Create a token; its secret is in this answer and nowhere else, ever."""
    data = token_in.load(json_object())
    token, plaintext = tokens.create(data["name"], data["role"], current_actor())
    return jsonify(token=plaintext, **token_out.dump(token)), 201


@bp.delete("/tokens/<int:token_id>")
@documented(responses={200: TokenOut}, **ADMIN)
@require_role(Role.ADMIN)
def revoke_token(token_id: int):
    """Revoke a token; revoking a revoked token changes nothing."""
    token, _ = tokens.revoke(token_id, current_actor())
    return jsonify(token_out.dump(token))
