"""The webhook admin API under /api/v1/webhooks: every call needs an admin token."""

from __future__ import annotations

from flask import Blueprint, jsonify

from ..auth import Role, current_actor, require_role
from ..models import EndpointStatus
from ..webhooks import endpoints
from ..webhooks.schemas import (
    AttemptQueryIn,
    EndpointIn,
    EndpointOut,
    EndpointPatchIn,
    MessageOut,
    MessageQueryIn,
    ReplayIn,
    attempt_query_in,
    attempts_out,
    endpoint_in,
    endpoint_out,
    endpoint_patch_in,
    endpoints_out,
    message_out,
    message_query_in,
    messages_out,
    replay_in,
)
from .moderation import query_args
from .requests import json_object
from .spec import documented
from .webhook_contract import (
    ATTEMPT_PAGE,
    ENDPOINT_LIST,
    MESSAGE_PAGE,
    WEBHOOK_ADMIN,
    EndpointCreatedOut,
    ReplayedOut,
)

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")


def _with_secret(endpoint) -> dict:
    return {**endpoint_out.dump(endpoint), "secret": endpoint.secret}


@bp.post("")
@documented(body=EndpointIn, responses={201: EndpointCreatedOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def create_endpoint():
    """Add an endpoint; its secret is in this answer only."""
    endpoint = endpoints.create(current_actor(), **endpoint_in.load(json_object()))
    return jsonify(_with_secret(endpoint)), 201


@bp.get("")
@documented(responses={200: ENDPOINT_LIST}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def list_endpoints():
    """List every endpoint."""
    return jsonify(items=endpoints_out.dump(endpoints.list_all()))


@bp.get("/<int:endpoint_id>")
@documented(responses={200: EndpointOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def show_endpoint(endpoint_id: int):
    """Show one endpoint."""
    return jsonify(endpoint_out.dump(endpoints.get(endpoint_id)))


@bp.patch("/<int:endpoint_id>")
@documented(body=EndpointPatchIn, responses={200: EndpointOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def update_endpoint(endpoint_id: int):
    """Change an endpoint's URL, events, description or personal-data setting."""
    changes = endpoint_patch_in.load(json_object())
    return jsonify(endpoint_out.dump(endpoints.update(endpoint_id, current_actor(), changes)))


@bp.delete("/<int:endpoint_id>")
@documented(responses={204: None}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def delete_endpoint(endpoint_id: int):
    """Delete an endpoint, its pending messages and its delivery log."""
    endpoints.delete(endpoint_id, current_actor())
    return "", 204


@bp.post("/<int:endpoint_id>/rotate-secret")
@documented(responses={200: EndpointCreatedOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def rotate_secret(endpoint_id: int):
    """Replace the secret; the old one keeps signing for the grace period."""
    return jsonify(_with_secret(endpoints.rotate_secret(endpoint_id, current_actor())))


@bp.post("/<int:endpoint_id>/pause")
@documented(responses={200: EndpointOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def pause(endpoint_id: int):
    """Hold deliveries; messages keep queueing."""
    endpoint = endpoints.set_status(endpoint_id, current_actor(), EndpointStatus.PAUSED)
    return jsonify(endpoint_out.dump(endpoint))


@bp.post("/<int:endpoint_id>/resume")
@documented(responses={200: EndpointOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def resume(endpoint_id: int):
    """Deliver again, to a paused or a disabled endpoint."""
    endpoint = endpoints.set_status(endpoint_id, current_actor(), EndpointStatus.ACTIVE)
    return jsonify(endpoint_out.dump(endpoint))


@bp.post("/<int:endpoint_id>/test")
@documented(responses={202: MessageOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def send_test(endpoint_id: int):
    """Queue a webhook.test message for this endpoint."""
    return jsonify(message_out.dump(endpoints.send_test(endpoint_id, current_actor()))), 202


@bp.get("/<int:endpoint_id>/messages")
@documented(query=MessageQueryIn, responses={200: MESSAGE_PAGE}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def list_messages(endpoint_id: int):
    """List the endpoint's messages, newest first."""
    args = query_args(message_query_in)
    items, cursor = endpoints.messages(endpoint_id, status=args["status"],
                                       limit=args["limit"], cursor=args["cursor"])
    return jsonify(items=messages_out.dump(items), next=cursor)


@bp.get("/<int:endpoint_id>/messages/<int:message_id>")
@documented(responses={200: MessageOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def show_message(endpoint_id: int, message_id: int):
    """Show one message and its body."""
    return jsonify(message_out.dump(endpoints.get_message(endpoint_id, message_id)))


@bp.get("/<int:endpoint_id>/attempts")
@documented(query=AttemptQueryIn, responses={200: ATTEMPT_PAGE}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def list_attempts(endpoint_id: int):
    """List delivery attempts (status, duration, error), newest first."""
    args = query_args(attempt_query_in)
    items, cursor = endpoints.attempts(endpoint_id, message_id=args["message"],
                                       limit=args["limit"], cursor=args["cursor"])
    return jsonify(items=attempts_out.dump(items), next=cursor)


@bp.post("/<int:endpoint_id>/messages/<int:message_id>/replay")
@documented(responses={202: ReplayedOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def replay_message(endpoint_id: int, message_id: int):
    """Send one message again."""
    count = endpoints.replay(endpoint_id, current_actor(), message_id=message_id)
    return jsonify(replayed=count), 202


@bp.post("/<int:endpoint_id>/replay")
@documented(body=ReplayIn, responses={202: ReplayedOut}, **WEBHOOK_ADMIN)
@require_role(Role.ADMIN)
def replay_since(endpoint_id: int):
    """Send every message created since a time again."""
    since = replay_in.load(json_object())["since"]
    return jsonify(replayed=endpoints.replay(endpoint_id, current_actor(), since=since)), 202
