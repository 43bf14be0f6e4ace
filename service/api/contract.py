"""Schemas of the answers' envelopes and of the errors, for the OpenAPI document.

The views build these answers with jsonify; the document describes them with the schemas
below, and the contract tests check every real answer against the document.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..schemas import CommentOut, SubmittedCommentOut


class ErrorBody(Schema):
    """The inside of the common error shape."""

    code = fields.String(required=True, dump_only=True)
    message = fields.String(required=True, dump_only=True)
    # Field name to its messages; nested inputs give nested maps.
    fields_ = fields.Dict(keys=fields.String(), data_key="fields", required=True,
                          dump_only=True)
    retry_after = fields.Integer(dump_only=True, metadata={
        "description": "Seconds to wait (429 only); mirrors the Retry-After header."})


class ErrorOut(Schema):
    """Every failure, on every endpoint."""

    error = fields.Nested(ErrorBody, required=True, dump_only=True)


class SubmittedOut(Schema):
    """The answer to a submission."""

    id = fields.Integer(required=True, dump_only=True)
    status = fields.String(required=True, dump_only=True,
                           validate=validate.OneOf(["approved", "pending"]))
    comment = fields.Nested(SubmittedCommentOut, required=True, dump_only=True)


class PublicThreadOut(Schema):
    """A thread as the public listing shows it."""

    key = fields.String(required=True, dump_only=True)
    title = fields.String(required=True, dump_only=True, allow_none=True)
    count = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=0))
    closed = fields.Boolean(required=True, dump_only=True)


class ListingOut(Schema):
    """A page of a thread: top-level comments, then their replies."""

    thread = fields.Nested(PublicThreadOut, required=True, dump_only=True)
    items = fields.List(fields.Nested(CommentOut), required=True, dump_only=True)
    next = fields.String(required=True, dump_only=True, allow_none=True, metadata={
        "description": "Cursor of the next page; null on the last."})
    more_replies = fields.Dict(
        keys=fields.String(), values=fields.String(), required=True, dump_only=True,
        metadata={"description": "For each top-level comment (by id) with more replies than "
                  "the page shows: the cursor of the rest, for "
                  "GET /api/v1/comments/{comment_id}/replies."})


class RepliesOut(Schema):
    """A page of a top-level comment's replies, oldest first."""

    items = fields.List(fields.Nested(CommentOut), required=True, dump_only=True)
    next = fields.String(required=True, dump_only=True, allow_none=True, metadata={
        "description": "Cursor of the next page; null on the last."})


class HealthOut(Schema):
    """What the health check reports."""

    status = fields.String(required=True, dump_only=True,
                           validate=validate.OneOf(["ok", "unavailable"]))
    database = fields.String(required=True, dump_only=True,
                             validate=validate.OneOf(["ok", "unreachable"]))


def page_of(schema: type[Schema], name: str) -> type[Schema]:
    """Return the schema of a cursor page of `schema` items: {items, next}."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(schema), required=True, dump_only=True),
        "next": fields.String(required=True, dump_only=True, allow_none=True),
    }, name=name)


def items_of(schema: type[Schema], name: str) -> type[Schema]:
    """Return the schema of a plain list of `schema` items: {items}."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(schema), required=True, dump_only=True),
    }, name=name)


#: Approved-comment counts by thread key.
COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
#: Any JSON object (the OpenAPI document itself).
ANY_OBJECT = {"type": "object"}
