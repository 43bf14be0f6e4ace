"""Shared marshmallow field types and base schemas, which every domain's schemas build on."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validate

# Right-to-left and other direction overrides let an author name or text display as
# something other than what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_CONTROLS = frozenset("\n\r\t")
# Ids are INTEGER columns: 32 bits on PostgreSQL, where a larger value fails the query.
MAX_ID = 2**31 - 1
COUNTRY_CODE_LENGTH = 2


def config_limit(key: str) -> int:
    """Return the configured limit under this key."""
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

    @staticmethod
    def accepts_unchanged(text: str | None, max_length: int) -> bool:
        """Return whether Text takes text as it is: printable ASCII, untrimmed, short enough."""
        # A sufficient test, not a necessary one: other text may pass after normalising.
        return bool(text and text.isascii() and text.isprintable()
                    and len(text) <= max_length and text[0] != " " and text[-1] != " ")

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
        if self.min_key and len(text) < config_limit(self.min_key):
            raise ValidationError(f"Must be at least {config_limit(self.min_key)} characters.")
        if len(text) > config_limit(self.max_key):
            raise ValidationError(f"Must be at most {config_limit(self.max_key)} characters.")
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
        if len(address) > config_limit("EMAIL_MAX_LENGTH"):
            raise ValidationError(f"Must be at most {config_limit('EMAIL_MAX_LENGTH')} characters.")
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


class Flag(fields.Boolean):
    """A JSON true or false, nothing else ("yes", 1 and "true" are refused)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError("Must be true or false.")
        return value


class Language(fields.String):
    """A BCP 47 language tag ("fr", "fr-CA"), returned as its primary subtag in lower case."""

    # Only the language matters for choosing templates; region and script are dropped.
    _TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
    MAX_LENGTH = 35

    def _deserialize(self, value, attr, data, **kwargs):
        tag = super()._deserialize(value, attr, data, **kwargs).strip()
        if not tag:
            return None
        if len(tag) > self.MAX_LENGTH or not self._TAG.fullmatch(tag):
            raise ValidationError("Not a language tag (e.g. \"en\" or \"fr-CA\").")
        return re.split(r"[-_]", tag, maxsplit=1)[0].lower()
class CountryCode(fields.String):
    """An ISO 3166-1 alpha-2 country code, returned in upper case."""

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs).strip().upper()
        if len(code) != COUNTRY_CODE_LENGTH or not (code.isascii() and code.isalpha()):
            raise ValidationError("Must be a two-letter country code, like FR.")
        return code


class Strict(Schema):
    """Reject unknown fields."""

    class Meta:
        unknown = RAISE


class UTCDateTime(fields.AwareDateTime):
    """An ISO 8601 time; without a zone it is taken as UTC."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", default_timezone=UTC, **kwargs)


# The largest page any listing serves.
PAGE_MAX = 200


class PageIn(Strict):
    """Cursor pagination."""

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=PAGE_MAX))
    cursor = fields.String(load_default=None, validate=validate.Length(max=64))
