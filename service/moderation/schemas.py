"""marshmallow schemas of the moderation API: what it accepts and what it shows."""

from __future__ import annotations

import ipaddress

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..fields import MAX_ID, PAGE_MAX, Email, Id, PageIn, Plain, Strict, Text, UTCDateTime
from ..models import BanKind, CommentStatus, ModerationMode, ReportCategory, Role, utcnow
from .actions import ACTIONS, REASON_CODES, REASON_TEXT_MAX
from .queue import QueueOrder
from .stats import last_period
from .tokens import NAME_MAX_LENGTH

NOTE_MAX = 2000


class IpFilter(Plain):
    """An address, a network in CIDR form, or a prefix ending in "." or ":"."""

    MAX_LENGTH = 49  # a full IPv6 address and "/128"

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not 0 < len(text) <= self.MAX_LENGTH:
            raise ValidationError(f"Length must be between 1 and {self.MAX_LENGTH}.")
        if "/" in text:
            try:
                # 203.0.113.7/24 means the network around it, as a ban does.
                return ipaddress.ip_network(text, strict=False)
            except ValueError:
                raise ValidationError("Not a valid network.") from None
        if text.endswith((".", ":")) or text == "unknown":
            return text
        try:
            # Stored addresses are in this form: 2001:DB8::0001 finds 2001:db8::1.
            return str(ipaddress.ip_address(text))
        except ValueError:
            raise ValidationError('Not an address, a network such as 203.0.113.0/24, '
                                  'or a prefix ending in "." or ":".') from None


# --- input ---------------------------------------------------------------------------

class TokenIn(Strict):
    """A new token as an admin asks for it."""

    name = Plain(required=True, load_only=True,
                 validate=validate.Length(min=1, max=NAME_MAX_LENGTH))
    role = fields.Enum(Role, by_value=True, required=True, load_only=True)


class ReasonIn(Strict):
    """The statement of reasons that may come with any decision."""

    reason_code = fields.String(load_default=None, allow_none=True, load_only=True,
                                validate=validate.OneOf(REASON_CODES))
    reason_text = Plain(load_default=None, allow_none=True, load_only=True, multiline=True,
                        validate=validate.Length(max=REASON_TEXT_MAX))


class BulkIn(ReasonIn):
    """One action for many comments."""

    action = fields.String(required=True, load_only=True, validate=validate.OneOf(ACTIONS))
    ids = fields.List(Id(), required=True, load_only=True,
                      validate=validate.Length(min=1, max=PAGE_MAX))


class EditIn(ReasonIn):
    """A moderator's new text for a comment."""

    body = Text(required=True, load_only=True, multiline=True, min_key="BODY_MIN_LENGTH",
                max_key="BODY_MAX_LENGTH")


class ThreadIn(ReasonIn):
    """Thread settings to change; absent ones stay as they are."""

    closed = fields.Boolean(load_only=True)
    # null: the site's PREMODERATION setting applies.
    moderation = fields.Enum(ModerationMode, by_value=True, allow_none=True, load_only=True)

    @validates_schema
    def _something(self, data, **kwargs):
        if "closed" not in data and "moderation" not in data:
            raise ValidationError("Give closed, moderation or both.", "_schema")


class BanIn(Strict):
    """A new ban."""

    kind = fields.Enum(BanKind, by_value=True, required=True, load_only=True)
    value = Plain(required=True, load_only=True, validate=validate.Length(min=1, max=320))
    expires_at = UTCDateTime(load_default=None, allow_none=True, load_only=True)
    note = Plain(load_default=None, allow_none=True, load_only=True, multiline=True,
                 validate=validate.Length(max=NOTE_MAX))


class ThreadQueryIn(PageIn):
    """Find threads by a part of their key."""

    key = Text(load_default=None, max_key="THREAD_KEY_MAX_LENGTH")


class CommentQueryIn(PageIn):
    """Filters of the moderation comment listing."""

    status = fields.List(fields.Enum(CommentStatus, by_value=True), load_default=list)
    thread = Plain(load_default=None, validate=validate.Length(min=1, max=512))
    author = Plain(load_default=None, validate=validate.Length(min=1, max=255))
    email = Plain(load_default=None, validate=validate.Length(min=1, max=320))
    ip = IpFilter(load_default=None, metadata={
        "maxLength": IpFilter.MAX_LENGTH,
        "description": "An address, a network in CIDR form (203.0.113.0/24, 2001:db8::/48) "
                       'or a prefix ending in "." or ":".'})
    q = Plain(load_default=None, validate=validate.Length(min=1, max=200))
    score_min = fields.Float(load_default=None, validate=validate.Range(min=0, max=1))
    score_max = fields.Float(load_default=None, validate=validate.Range(min=0, max=1))
    abuse_min = fields.Float(load_default=None, validate=validate.Range(min=0, max=1),
                             metadata={"description": "Lowest abuse score."})
    abuse_max = fields.Float(load_default=None, validate=validate.Range(min=0, max=1),
                             metadata={"description": "Highest abuse score."})
    # "from" is a Python keyword; data_key keeps the URL parameter readable.
    since = UTCDateTime(data_key="from", load_default=None)
    until = UTCDateTime(data_key="to", load_default=None)
    reported = fields.Boolean(load_default=None)
    priority = fields.Boolean(load_default=None)
    sort = fields.Enum(QueueOrder, by_value=True, load_default=QueueOrder.NEWEST)


class AuditQueryIn(PageIn):
    """Filters of the audit log."""

    action = Plain(load_default=None, validate=validate.Length(min=1, max=40))
    actor = Plain(load_default=None, validate=validate.Length(min=1, max=100))
    token = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    comment = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    thread = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    since = UTCDateTime(data_key="from", load_default=None)
    until = UTCDateTime(data_key="to", load_default=None)


class StatsQueryIn(Strict):
    """The period of a transparency report: from inclusive, to exclusive; the last 30 days."""

    since = UTCDateTime(data_key="from", load_default=None, metadata={
        "description": "Start, inclusive. Default: 30 days before `to`."})
    until = UTCDateTime(data_key="to", load_default=None, metadata={
        "description": "End, exclusive. Default: now."})

    @validates_schema
    def _ordered(self, data, **kwargs):
        since, until = data.get("since"), data.get("until") or utcnow()
        if since and since >= until:
            raise ValidationError("Must be after 'from'.", "to")

    @post_load
    def _period(self, data, **kwargs):
        if data["since"] is None:
            data["since"], data["until"] = last_period(data["until"])
        elif data["until"] is None:
            data["until"] = utcnow()
        return data


class EmailIn(Strict):
    """An email address whose data is asked for."""

    email = Email(required=True, load_only=True)


class EraseIn(EmailIn):
    """What erasure does with the person's comments."""

    comments = fields.String(required=True, load_only=True,
                             validate=validate.OneOf(["anonymise", "remove"]))


# --- output --------------------------------------------------------------------------

class BansQuery(Schema):
    """Query of the ban list."""

    expired = fields.Boolean(load_default=False, metadata={
        "description": "Include expired bans (true, 1 or yes)."})


class TokenOut(Schema):
    """A token as listed: never its secret, only the prefix for telling tokens apart."""

    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.Enum(Role, by_value=True, dump_only=True)
    prefix = fields.String(dump_only=True)
    created_at = fields.DateTime(format="iso", dump_only=True)
    last_used_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    revoked_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)


class AuditOut(Schema):
    """An audit log entry."""

    id = fields.Integer(dump_only=True)
    created_at = fields.DateTime(format="iso", dump_only=True)
    actor = fields.String(dump_only=True)
    token = fields.Integer(attribute="token_id", dump_only=True, allow_none=True)
    account = fields.Integer(attribute="account_id", dump_only=True, allow_none=True)
    action = fields.String(dump_only=True)
    target_type = fields.String(dump_only=True)
    target_id = fields.String(dump_only=True, allow_none=True)
    comment = fields.Integer(attribute="comment_id", dump_only=True, allow_none=True)
    thread = fields.Integer(attribute="thread_id", dump_only=True, allow_none=True)
    before = fields.Raw(dump_only=True, allow_none=True)
    after = fields.Raw(dump_only=True, allow_none=True)
    reason_code = fields.String(dump_only=True, allow_none=True)
    reason_text = fields.String(dump_only=True, allow_none=True)


class ReportOut(Schema):
    """A reader's report, without the reporter's address."""

    id = fields.Integer(dump_only=True)
    category = fields.Enum(ReportCategory, by_value=True, dump_only=True)
    text = fields.String(dump_only=True, allow_none=True)
    priority = fields.Boolean(dump_only=True)
    created_at = fields.DateTime(format="iso", dump_only=True)
    resolved_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    # A notice of illegal content: the law, where, why, who (their address stays stored,
    # for the acknowledgement and the decision, and is not shown).
    law = fields.String(dump_only=True, allow_none=True)
    country = fields.String(dump_only=True, allow_none=True)
    explanation = fields.String(dump_only=True, allow_none=True)
    reporter_name = fields.String(dump_only=True, allow_none=True)
    good_faith = fields.Boolean(dump_only=True)
    trusted_flagger = fields.Function(lambda r: r.flagger_id is not None, dump_only=True,
                                      metadata={"type": "boolean"})


class RevisionOut(Schema):
    """A comment's earlier text."""

    id = fields.Integer(dump_only=True)
    body = fields.String(dump_only=True)
    html = fields.String(dump_only=True)
    replaced_at = fields.DateTime(format="iso", dump_only=True)
    actor = fields.String(dump_only=True)


class ThreadOut(Schema):
    """A thread's settings as moderators see them."""

    id = fields.Integer(dump_only=True)
    key = fields.String(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    url = fields.String(dump_only=True, allow_none=True)
    closed = fields.Boolean(dump_only=True)
    moderation = fields.Enum(ModerationMode, by_value=True, dump_only=True, allow_none=True)
    count = fields.Integer(attribute="comment_count", dump_only=True)


class CommentModView(Schema):
    """A comment with everything a moderator needs to decide on it."""

    id = fields.Integer(attribute="comment.id", dump_only=True)
    thread = fields.Nested(ThreadOut, attribute="comment.thread", dump_only=True)
    parent = fields.Integer(attribute="comment.parent_id", dump_only=True, allow_none=True)
    depth = fields.Integer(attribute="comment.depth", dump_only=True)
    status = fields.Enum(CommentStatus, by_value=True, attribute="comment.status",
                         dump_only=True)
    author = fields.String(attribute="comment.author", dump_only=True)
    email = fields.String(attribute="comment.email", dump_only=True)
    website = fields.String(attribute="comment.website", dump_only=True, allow_none=True)
    ip = fields.String(attribute="comment.ip", dump_only=True, allow_none=True)
    user_agent = fields.String(attribute="comment.user_agent", dump_only=True, allow_none=True)
    body = fields.String(attribute="comment.body", dump_only=True)
    html = fields.String(attribute="comment.html", dump_only=True)
    created_at = fields.DateTime(format="iso", attribute="comment.created_at", dump_only=True)
    edited_at = fields.DateTime(format="iso", attribute="comment.edited_at", dump_only=True,
                                allow_none=True)
    spam = fields.Method("_spam", dump_only=True)
    abuse = fields.Method("_abuse", dump_only=True)
    open_reports = fields.Integer(dump_only=True)
    priority = fields.Boolean(dump_only=True)
    trusted = fields.Boolean(dump_only=True, metadata={
        "description": "A trusted flagger's notice is open (DSA Art. 22)."})
    reports = fields.List(fields.Nested(ReportOut), dump_only=True)
    revisions = fields.List(fields.Nested(RevisionOut), dump_only=True)
    history = fields.List(fields.Nested(AuditOut), attribute="actions", dump_only=True)

    @staticmethod
    def _spam(record) -> dict:
        return {"score": record.comment.spam_score, "reasons": record.comment.spam_reasons}

    @staticmethod
    def _abuse(record) -> dict:
        # held: the moderation reason code the screener held the comment under, or None.
        return {"score": record.comment.abuse_score, "reasons": record.comment.abuse_reasons,
                "held": record.comment.abuse_hold}


class BanOut(Schema):
    """A ban."""

    id = fields.Integer(dump_only=True)
    kind = fields.Enum(BanKind, by_value=True, dump_only=True)
    value = fields.String(dump_only=True)
    note = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(format="iso", dump_only=True)
    expires_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    actor = fields.String(dump_only=True)


token_in = TokenIn()
token_out = TokenOut()
tokens_out = TokenOut(many=True)
reason_in = ReasonIn()
bulk_in = BulkIn()
edit_in = EditIn()
thread_in = ThreadIn()
thread_query_in = ThreadQueryIn()
ban_in = BanIn()
comment_query_in = CommentQueryIn()
audit_query_in = AuditQueryIn()
stats_query_in = StatsQueryIn()
email_in = EmailIn()
erase_in = EraseIn()
audit_out = AuditOut(many=True)
comment_view = CommentModView()
comment_views = CommentModView(many=True)
thread_out = ThreadOut()
threads_out = ThreadOut(many=True)
ban_out = BanOut()
bans_out = BanOut(many=True)
