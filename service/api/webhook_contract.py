"""Schemas of the webhook admin API's answer envelopes, for the OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields

from ..webhooks.schemas import AttemptOut, EndpointOut, MessageOut
from .contract import items_of, page_of


class EndpointCreatedOut(EndpointOut):
    """An endpoint with its signing secret: only when created or rotated."""

    secret = fields.String(required=True, dump_only=True)


class ReplayedOut(Schema):
    """How many messages were queued again."""

    replayed = fields.Integer(required=True, dump_only=True)


#: The contract keywords every webhook view shares.
WEBHOOK_ADMIN = {"auth": "admin", "tags": ("webhooks",)}

ENDPOINT_LIST = items_of(EndpointOut, "WebhookEndpointList")
MESSAGE_PAGE = page_of(MessageOut, "WebhookMessagePage")
ATTEMPT_PAGE = page_of(AttemptOut, "WebhookAttemptPage")
