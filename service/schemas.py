"""marshmallow schemas: what the public API accepts (load) and what it shows (dump)."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate

from .submissions import Submission

# Right-to-left and other direction overrides let an author name or text display as
# something other than what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_CONTROLS = frozenset("\n\r\t")
# Ids are INTEGER columns: 32 bits on PostgreSQL, where a larger value fails the query.
MAX_ID = 2**31 - 1
_NULLABLE_STRING = {"type": "string", "nullable": True}


def _limit(key: str) -> int:
    return current_app.config[key]


def _check_characters(text: str, allowed: frozenset[str]) -> None:
    for ch in text:
        if ch in _BIDI_CONTROLS:
            raise ValidationError("Contains a text-direction override character.")
        if unicodedata.category(ch) == "Cc" and ch not in allowed:
            raise ValidationError("Contains a control character.")


class Plain(fields.String):
    """A string free of control and direction-override characters, otherwise as sent."""

    # A NUL would reach PostgreSQL and fail there (a 500); no filter or name needs one.

    def __init__(self, *, multiline: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.multiline = multiline

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        # Printable ASCII holds neither control nor direction characters: skip the scan.
        if not (text.isascii() and text.isprintable()):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ValidationError("Contains characters that are not valid Unicode.") from None
            _check_characters(text, _LINE_CONTROLS if self.multiline else frozenset())
        return text


class Text(Plain):
    """A trimmed, NFC-normalised string free of control and direction-override characters."""

    def __init__(self, *, max_key: str, min_key: str | None = None, multiline: bool = False,
                 blank_ok: bool = False, **kwargs):
        super().__init__(multiline=multiline, **kwargs)
        self.max_key = max_key
        self.min_key = min_key
        self.blank_ok = blank_ok

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
        if not text:
            if self.blank_ok:
                return None
            raise ValidationError("Must not be blank.")
        if self.min_key and len(text) < _limit(self.min_key):
            raise ValidationError(f"Must be at least {_limit(self.min_key)} characters.")
        if len(text) > _limit(self.max_key):
            raise ValidationError(f"Must be at most {_limit(self.max_key)} characters.")
        return text


class WebURL(Text):
    """An absolute http or https URL; blank means none."""

    def __init__(self, **kwargs):
        super().__init__(blank_ok=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        url = super()._deserialize(value, attr, data, **kwargs)
        if url is None:
            return None
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            raise ValidationError("Not a valid URL.") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise ValidationError("Must be an http or https address.")
        if not host or any(ch.isspace() for ch in url):
            raise ValidationError("Not a valid URL.")
        return url


class Email(fields.String):
    """An email address checked for real syntax and returned normalised."""

    def _deserialize(self, value, attr, data, **kwargs):
        address = super()._deserialize(value, attr, data, **kwargs).strip()
        if not address:
            raise ValidationError("Must not be blank.")
        if len(address) > _limit("EMAIL_MAX_LENGTH"):
            raise ValidationError(f"Must be at most {_limit('EMAIL_MAX_LENGTH')} characters.")
        allow_unicode = current_app.config["EMAIL_ALLOW_UNICODE"]
        if not allow_unicode and not address.isascii():
            raise ValidationError("Use an address written in plain ASCII characters.")
        try:
            result = validate_email(
                address,
                check_deliverability=current_app.config["EMAIL_CHECK_DELIVERABILITY"],
                allow_smtputf8=allow_unicode,
            )
        except EmailNotValidError as e:
            raise ValidationError(f"Not a valid email address: {e}") from None
        return result.normalized


class Id(fields.Integer):
    """A positive database id given as a JSON integer (not a string, float or boolean)."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError("Not a valid integer.")
        return super()._deserialize(value, attr, data, **kwargs)


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

    @post_load
    def make_submission(self, data: dict, **kwargs) -> Submission:
        return Submission(
            thread_key=data["thread"], author=data["author"], email=data["email"],
            website=data["website"], body=data["body"], parent_id=data["parent"],
            title=data["title"], url=data["url"], honeypot=data["hp"],
            elapsed_ms=data["elapsed_ms"], nudge=data["nudge"],
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
    order = fields.String(load_default="oldest", validate=validate.OneOf(["oldest", "newest"]))
    limit = fields.Integer(load_default=None, validate=validate.Range(min=1))
    cursor = fields.String(load_default=None, validate=validate.Length(max=64))


class RepliesQuery(Schema):
    """Query parameters of a comment's replies."""

    class Meta:
        unknown = RAISE

    limit = fields.Integer(load_default=None, validate=validate.Range(min=1))
    cursor = fields.String(load_default=None, validate=validate.Length(max=64))


class ThreadKeys(fields.List):
    """Repeated thread keys, each checked like a posted one; at most COUNTS_MAX_THREADS."""

    max_items_key = "COUNTS_MAX_THREADS"

    def __init__(self, **kwargs):
        super().__init__(Text(max_key="THREAD_KEY_MAX_LENGTH"), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        keys = super()._deserialize(value, attr, data, **kwargs)
        most = _limit(self.max_items_key)
        if not 1 <= len(keys) <= most:
            raise ValidationError(f"Give between 1 and {most} thread keys.")
        return keys


class CountsQuery(Schema):
    """Query parameters of the counts endpoint: the thread keys, repeated."""

    thread = ThreadKeys(required=True)


comment_in = CommentIn()
comment_out = CommentOut()
comments_out = CommentOut(many=True)
submitted_out = SubmittedCommentOut()
list_query = ListQuery()
replies_query = RepliesQuery()
counts_query = CountsQuery()
