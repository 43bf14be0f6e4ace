"""marshmallow schemas of the public API: what it accepts (load) and what it shows (dump)."""

from __future__ import annotations

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from . import reads
from .fields import (
    MAX_ID,
    CountryCode,
    Email,
    Flag,
    Id,
    Language,
    Plain,
    Strict,
    Text,
    WebURL,
    config_limit,
)
from .models import ReportCategory
from .submissions import Submission

_NULLABLE_STRING = {"type": "string", "nullable": True}
# What a notice of illegal content must carry (DSA Art. 16(2)); good_faith must be true.
ILLEGAL_CONTENT_FIELDS = ("law", "country", "explanation", "reporter_name", "reporter_email",
                          "good_faith")
NOTICE_FIELD_MISSING = "Required for a notice of illegal content."
# Trusted flaggers' tokens are 43 characters (32 random bytes, base64url); room to spare.
FLAGGER_TOKEN_MAX = 100


class CommentIn(Schema):
    """A reader's comment as posted by the widget or any client."""

    class Meta:
        unknown = RAISE

    thread = Text(required=True, max_key="THREAD_KEY_MAX_LENGTH")
    author = Text(required=True, max_key="AUTHOR_MAX_LENGTH")
    email = Email(required=True)
    website = WebURL(load_default=None, allow_none=True, max_key="WEBSITE_MAX_LENGTH")
    body = Text(required=True, multiline=True, min_key="BODY_MIN_LENGTH",
                max_key="BODY_MAX_LENGTH")
    parent = Id(load_default=None, allow_none=True)
    title = Text(load_default=None, allow_none=True, blank_ok=True, max_key="TITLE_MAX_LENGTH")
    url = WebURL(load_default=None, allow_none=True, max_key="URL_MAX_LENGTH")
    # Honeypot and typing time go to the spam filter; they are never stored.
    hp = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    elapsed_ms = fields.Integer(strict=True, load_default=None, allow_none=True,
                                validate=validate.Range(min=0, max=MAX_ID))
    nudge = fields.Boolean(load_default=False, metadata={"description": (
        "True: when the site's nudge is on and the comment would be held for abuse, answer "
        "422 `abuse_nudge` (naming why) and store nothing, so the reader may edit it first. "
        "Sent again with false, it is stored and held.")})
    notify_replies = Flag(load_default=False, metadata={"description": (
        "True: email the author when a reply to this comment is published. The first time "
        "an address asks, it gets a confirmation link and nothing else until it is "
        "followed (docs/email.md).")})
    lang = Language(load_default=None, allow_none=True, metadata={"description": (
        "The page's language (a BCP 47 tag such as `fr` or `fr-CA`): email about this "
        "comment is written in it. Absent: the site's MAIL_DEFAULT_LOCALE.")})

    @post_load
    def make_submission(self, data: dict, **kwargs) -> Submission:
        return Submission(
            thread_key=data["thread"], author=data["author"], email=data["email"],
            website=data["website"], body=data["body"], parent_id=data["parent"],
            title=data["title"], url=data["url"], honeypot=data["hp"],
            elapsed_ms=data["elapsed_ms"], nudge=data["nudge"],
            notify_replies=data["notify_replies"], locale=data["lang"],
        )


class CommentOut(Schema):
    """A comment as the public sees it: never an email, address or score."""

    id = fields.Integer(dump_only=True)
    parent = fields.Integer(attribute="parent_id", dump_only=True, allow_none=True)
    # Method fields carry their type for the OpenAPI document (service/api/spec.py).
    author = fields.Method("_author", dump_only=True, metadata=_NULLABLE_STRING)
    website = fields.Method("_website", dump_only=True, metadata=_NULLABLE_STRING)
    html = fields.Method("_html", dump_only=True, metadata=_NULLABLE_STRING)
    created_at = fields.DateTime(format="iso", dump_only=True)
    edited_at = fields.DateTime(format="iso", dump_only=True, allow_none=True)
    removed = fields.Method("_removed", dump_only=True, metadata={"type": "boolean"})

    @staticmethod
    def _removed(comment) -> bool:
        # The listing holds hidden comments only as placeholders for their replies.
        return comment.status.value != "approved"

    def _author(self, comment):
        return None if self._removed(comment) else comment.author

    def _website(self, comment):
        return None if self._removed(comment) else comment.website

    def _html(self, comment):
        return None if self._removed(comment) else comment.html


class SubmittedCommentOut(CommentOut):
    """A comment as its author sees it right after posting, whatever its status."""

    @staticmethod
    def _removed(comment) -> bool:
        return False


class ListQuery(Schema):
    """Query parameters of the public thread listing."""

    class Meta:
        unknown = RAISE

    # The same rules as a posted thread key, so a key finds the thread it was posted to.
    thread = Text(required=True, max_key="THREAD_KEY_MAX_LENGTH")
    order = fields.String(load_default="oldest", validate=validate.OneOf(reads.ORDERS))
    limit = fields.Integer(load_default=None, validate=validate.Range(min=1))
    cursor = fields.String(load_default=None, validate=validate.Length(max=reads.CURSOR_MAX))


class RepliesQuery(Schema):
    """Query parameters of a comment's replies."""

    class Meta:
        unknown = RAISE

    limit = fields.Integer(load_default=None, validate=validate.Range(min=1))
    cursor = fields.String(load_default=None, validate=validate.Length(max=reads.CURSOR_MAX))


class ThreadKeys(fields.List):
    """Repeated thread keys, each checked like a posted one; at most COUNTS_MAX_THREADS."""

    max_items_key = "COUNTS_MAX_THREADS"

    def __init__(self, **kwargs):
        super().__init__(Text(max_key="THREAD_KEY_MAX_LENGTH"), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        keys = super()._deserialize(value, attr, data, **kwargs)
        most = config_limit(self.max_items_key)
        if not 1 <= len(keys) <= most:
            raise ValidationError(f"Give between 1 and {most} thread keys.")
        return keys


class CountsQuery(Schema):
    """Query parameters of the counts endpoint: the thread keys, repeated."""

    thread = ThreadKeys(required=True)


class ReportIn(Strict):
    """A reader's report on a comment; a notice of illegal content says more (DSA Art. 16)."""

    category = fields.Enum(ReportCategory, by_value=True, required=True, load_only=True)
    text = Text(load_default=None, allow_none=True, blank_ok=True, multiline=True,
                load_only=True, max_key="REPORT_TEXT_MAX_LENGTH")
    law = Text(load_default=None, allow_none=True, blank_ok=True, load_only=True,
               max_key="NOTICE_LAW_MAX_LENGTH", metadata={
                   "description": "The law the comment breaks (illegal content)."})
    country = CountryCode(load_default=None, allow_none=True, load_only=True, metadata={
        "description": "Where that law applies: an ISO 3166-1 alpha-2 code (illegal content)."})
    explanation = Text(load_default=None, allow_none=True, blank_ok=True, multiline=True,
                       load_only=True, max_key="REPORT_TEXT_MAX_LENGTH", metadata={
                           "description": "Why the comment is illegal (illegal content)."})
    reporter_name = Text(load_default=None, allow_none=True, blank_ok=True, load_only=True,
                         max_key="AUTHOR_MAX_LENGTH")
    reporter_email = Email(load_default=None, allow_none=True, load_only=True, metadata={
        "description": "Where the acknowledgement and the decision go; never published."})
    good_faith = fields.Boolean(load_default=False, load_only=True, metadata={
        "description": "The reporter states the notice is accurate and made in good faith."})
    flagger_token = Plain(load_default=None, allow_none=True, load_only=True,
                          validate=validate.Length(min=1, max=FLAGGER_TOKEN_MAX), metadata={
                              "description": "A trusted flagger's token (DSA Art. 22)."})

    @validates_schema
    def _notice_of_illegal_content(self, data, **kwargs):
        # Child sexual abuse may be reported anonymously (Art. 16(2)(c)); its category is
        # child_safety, so only illegal_content asks for everything.
        if data.get("category") is not ReportCategory.ILLEGAL_CONTENT:
            return
        missing = {name: [NOTICE_FIELD_MISSING] for name in ILLEGAL_CONTENT_FIELDS
                   if not data.get(name)}
        if missing:
            raise ValidationError(missing)


comment_in = CommentIn()
comment_out = CommentOut()
comments_out = CommentOut(many=True)
submitted_out = SubmittedCommentOut()
list_query = ListQuery()
replies_query = RepliesQuery()
counts_query = CountsQuery()
report_in = ReportIn()
