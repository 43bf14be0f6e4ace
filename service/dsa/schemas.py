"""Schemas of notice and action: complaints, their queue and decisions, trusted flaggers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..fields import Email, PageIn, Strict, Text
from ..models import AppealOutcome, AppealParty
from ..moderation.tokens import NAME_MAX_LENGTH

REASON_MAX = 2000


class ComplaintIn(Strict):
    """A complaint's text, as the complaint form posts it."""

    text = Text(required=True, multiline=True, max_key="COMPLAINT_TEXT_MAX_LENGTH")


class AppealQueryIn(PageIn):
    """Filters of the appeal queue."""

    decided = fields.Boolean(load_default=False, allow_none=True, metadata={
        "description": "false (default): the open queue; true: decided ones."})


class AppealDecisionIn(Strict):
    """A person's decision on a complaint."""

    outcome = fields.Enum(AppealOutcome, by_value=True, required=True, load_only=True)
    reason = Text(required=True, multiline=True, max_key="COMPLAINT_TEXT_MAX_LENGTH",
                  load_only=True)


class AppealOut(Schema):
    """A complaint as moderators see it (no one's address)."""

    id = fields.Integer(dump_only=True)
    decision = fields.Integer(attribute="decision_id", dump_only=True)
    comment = fields.Integer(attribute="comment_id", dump_only=True, allow_none=True)
    report = fields.Integer(attribute="report_id", dump_only=True, allow_none=True)
    party = fields.Enum(AppealParty, by_value=True, dump_only=True)
    text = fields.String(dump_only=True)
    created_at = fields.DateTime(format="iso", dump_only=True)
    decided_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    outcome = fields.Enum(AppealOutcome, by_value=True, dump_only=True, allow_none=True)
    reason = fields.String(dump_only=True, allow_none=True)
    decided_by = fields.String(dump_only=True, allow_none=True)


class FlaggerIn(Strict):
    """A trusted flagger to register: by address, by token, or both."""

    name = Text(required=True, max_key="AUTHOR_MAX_LENGTH", load_only=True,
                validate=validate.Length(max=NAME_MAX_LENGTH))
    email = Email(load_default=None, allow_none=True, load_only=True)
    token = fields.Boolean(load_default=True, load_only=True, metadata={
        "description": "Issue a token the flagger sends as `flagger_token` (shown once)."})


class FlaggerOut(Schema):
    """A trusted flagger, without its address or token."""

    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    by_email = fields.Function(lambda f: f.email is not None, dump_only=True,
                               metadata={"type": "boolean"})
    by_token = fields.Function(lambda f: f.token_hash is not None, dump_only=True,
                               metadata={"type": "boolean"})
    created_at = fields.DateTime(format="iso", dump_only=True)


class FlaggerCreatedOut(FlaggerOut):
    """A new flagger: the one answer that carries its token."""

    token = fields.String(dump_only=True, allow_none=True)


complaint_in = ComplaintIn()
appeal_query_in = AppealQueryIn()
appeal_decision_in = AppealDecisionIn()
appeal_out = AppealOut()
appeals_out = AppealOut(many=True)
flagger_in = FlaggerIn()
flaggers_out = FlaggerOut(many=True)
