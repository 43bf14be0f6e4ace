"""Schemas of the moderation API's answer envelopes, for the OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...moderation.schemas import AuditOut, BanOut, CommentModView, ThreadOut, TokenOut
from ..contract import items_of, page_of


class TokenCreatedOut(TokenOut):
    """A new token: the one answer that ever carries its secret."""

    token = fields.String(required=True, dump_only=True)


class DecisionOut(Schema):
    """A comment after a decision or an edit, and whether anything changed."""

    changed = fields.Boolean(required=True, dump_only=True)
    comment = fields.Nested(CommentModView, required=True, dump_only=True)


class BulkItemOut(Schema):
    """One comment of a bulk decision."""

    id = fields.Integer(required=True, dump_only=True)
    status = fields.String(required=True, dump_only=True)
    changed = fields.Boolean(required=True, dump_only=True)


class ThreadChangedOut(Schema):
    """A thread after a settings change, and whether anything changed."""

    changed = fields.Boolean(required=True, dump_only=True)
    thread = fields.Nested(ThreadOut, required=True, dump_only=True)


class ReportReceivedOut(Schema):
    """The answer to a reader's report: received, nothing more."""

    id = fields.Integer(required=True, dump_only=True)
    status = fields.String(required=True, dump_only=True,
                           validate=validate.OneOf(["received"]))


#: The contract keywords every moderation view shares, by the role it needs.
MODERATOR = {"auth": "moderator", "tags": ("moderation",)}
ADMIN = {"auth": "admin", "tags": ("moderation",)}

BULK_OUT = items_of(BulkItemOut, "BulkOut")
AUDIT_PAGE = page_of(AuditOut, "AuditPage")
COMMENT_PAGE = page_of(CommentModView, "ModerationCommentPage")
BAN_LIST = items_of(BanOut, "BanList")
THREAD_LIST = items_of(ThreadOut, "ModerationThreadList")
TOKEN_LIST = items_of(TokenOut, "TokenList")
