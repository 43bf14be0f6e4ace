"""marshmallow schemas of the webhook admin API: what it accepts and what it shows."""

from __future__ import annotations

import json

from marshmallow import Schema, ValidationError, fields, validate

from ..fields import MAX_ID, PageIn, Plain, Strict, UTCDateTime
from ..models import EndpointStatus, MessageStatus
from . import outbox, urls

URL_MAX = 2048
DESCRIPTION_MAX = 500


class WebhookUrl(fields.String):
    """An http or https URL; whether its host may be called is the domain's check."""

    def _deserialize(self, value, attr, data, **kwargs):
        url = super()._deserialize(value, attr, data, **kwargs).strip()
        if len(url) > URL_MAX:
            raise ValidationError(f"Longer than maximum length {URL_MAX}.")
        try:
            urls.check_form(url)
        except urls.UnsafeURL as e:
            raise ValidationError(str(e)) from None
        return url


class EndpointIn(Strict):
    """A new endpoint."""

    url = WebhookUrl(required=True, load_only=True)
    events = fields.List(fields.String(validate=validate.OneOf(outbox.EVENT_TYPES)),
                         required=True, load_only=True, validate=validate.Length(min=1))
    description = Plain(load_default=None, allow_none=True, load_only=True, multiline=True,
                        validate=validate.Length(max=DESCRIPTION_MAX))
    include_personal_data = fields.Boolean(load_default=False, load_only=True)


class EndpointPatchIn(EndpointIn):
    """Changes to an endpoint; absent fields stay as they are."""

    url = WebhookUrl(load_only=True)
    events = fields.List(fields.String(validate=validate.OneOf(outbox.EVENT_TYPES)),
                         load_only=True, validate=validate.Length(min=1))
    description = Plain(allow_none=True, load_only=True, multiline=True,
                        validate=validate.Length(max=DESCRIPTION_MAX))
    include_personal_data = fields.Boolean(load_only=True)


class ReplayIn(Strict):
    """Which messages to send again: everything created since a time."""

    since = UTCDateTime(required=True, load_only=True)


class MessageQueryIn(PageIn):
    """Filters of the message listing."""

    status = fields.Enum(MessageStatus, by_value=True, load_default=None)


class AttemptQueryIn(PageIn):
    """Filters of the delivery log."""

    message = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))


class EndpointOut(Schema):
    """An endpoint as listed: never its secret."""

    id = fields.Integer(dump_only=True)
    url = fields.String(dump_only=True)
    description = fields.String(dump_only=True, allow_none=True)
    events = fields.List(fields.String(), dump_only=True)
    include_personal_data = fields.Boolean(dump_only=True)
    status = fields.Enum(EndpointStatus, by_value=True, dump_only=True)
    disabled_reason = fields.String(dump_only=True, allow_none=True)
    failing_since = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    previous_secret_expires_at = fields.DateTime(format="iso", dump_only=True,
                                                 allow_none=True)
    created_at = fields.DateTime(format="iso", dump_only=True)
    updated_at = fields.DateTime(format="iso", dump_only=True)


class AttemptOut(Schema):
    """One delivery attempt."""

    id = fields.Integer(dump_only=True)
    message = fields.Integer(attribute="message_id", dump_only=True)
    attempted_at = fields.DateTime(format="iso", dump_only=True)
    status_code = fields.Integer(dump_only=True, allow_none=True)
    duration_ms = fields.Integer(dump_only=True)
    error = fields.String(dump_only=True, allow_none=True)
    next_attempt_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    worker = fields.String(dump_only=True, allow_none=True)


class MessageOut(Schema):
    """A message in the outbox, with the body it sends."""

    id = fields.Integer(dump_only=True)
    msg_id = fields.String(dump_only=True)
    event_type = fields.String(dump_only=True)
    status = fields.Enum(MessageStatus, by_value=True, dump_only=True)
    attempts = fields.Integer(dump_only=True)
    next_attempt_at = fields.DateTime(format="iso", dump_only=True)
    created_at = fields.DateTime(format="iso", dump_only=True)
    delivered_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    last_error = fields.String(dump_only=True, allow_none=True)
    payload = fields.Method("_payload", dump_only=True)

    @staticmethod
    def _payload(message) -> dict:
        return json.loads(message.payload)


endpoint_in = EndpointIn()
endpoint_patch_in = EndpointPatchIn()
replay_in = ReplayIn()
message_query_in = MessageQueryIn()
attempt_query_in = AttemptQueryIn()
endpoint_out = EndpointOut()
endpoints_out = EndpointOut(many=True)
message_out = MessageOut()
messages_out = MessageOut(many=True)
attempts_out = AttemptOut(many=True)
