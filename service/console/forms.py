"""What the console's form pages share: turning a refusal into lines a person can read."""

from __future__ import annotations

from flask import request
from marshmallow import ValidationError

from ..error_shape import APIError

# The language switch's parameter (read by i18n.choose), allowed beside any page's own.
LANGUAGE_PARAM = "lang"


def query_args() -> dict:
    """Return the query's filled-in parameters, the language switch's left out."""
    # A form sends its empty fields too; empty means "any", not "the empty string".
    return {k: v for k, v in request.args.items() if v.strip() and k != LANGUAGE_PARAM}


def problems(error: APIError | ValidationError) -> list[str]:
    """Return the messages of a domain or validation refusal, one per field problem."""
    fields = error.fields if isinstance(error, APIError) else error.messages
    if isinstance(fields, list):
        return [str(m) for m in fields]
    lines = [f"{name}: {m}" if name != "_schema" else str(m)
             for name, messages in (fields or {}).items()
             for m in (messages if isinstance(messages, list) else [messages])]
    if isinstance(error, APIError) and not lines:
        lines.append(error.message)
    return lines


def status_of(error: APIError | ValidationError) -> int:
    """Return the HTTP status a refusal answers with."""
    return error.status if isinstance(error, APIError) else 400
