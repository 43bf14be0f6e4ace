"""Statements of reasons: the wording a moderator starts from, one template per reason code.

Each reason code has a default text; a site may store its own (StatementTemplate), which
then replaces the default. The moderator edits the text of each decision as needed.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..error_shape import APIError
from ..extensions import db
from ..models import StatementTemplate, utcnow
from . import audit
from .actions import REASON_CODES, REASON_TEXT_MAX
from .actor import Actor

DEFAULTS = {
    "spam": "This comment was removed as spam: it advertises or repeats content "
            "unrelated to the discussion.",
    "off_topic": "This comment was removed because it is not about the article.",
    "harassment": "This comment was removed because it attacks or harasses a person.",
    "hate_speech": "This comment was removed because it attacks people for who they are.",
    "illegal_content": "This comment was removed because it appears to break the law.",
    "child_safety": "This comment was removed to protect children's safety.",
    "personal_data": "This comment was removed because it publishes someone's personal "
                     "information.",
    "misinformation": "This comment was removed because it spreads false information "
                      "that could cause harm.",
    "terms_violation": "This comment was removed because it breaks the site's "
                       "discussion rules.",
    "duplicate": "This comment was removed because it repeats an earlier comment.",
    "reader_reports": "This comment was reviewed after readers reported it.",
    "other": "",
}


def templates() -> dict[str, str]:
    """Return the template of every reason code: the site's own where stored, else the default."""
    stored = dict(db.session.execute(
        sa.select(StatementTemplate.reason_code, StatementTemplate.text)).all())
    return {code: stored.get(code, DEFAULTS[code]) for code in REASON_CODES}


def save(reason_code: str, text: str, actor: Actor) -> StatementTemplate:
    """Store a site's own template for a reason code, and commit."""
    if reason_code not in REASON_CODES:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"reason_code": ["Not a known reason code."]})
    if len(text) > REASON_TEXT_MAX:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"text": [f"At most {REASON_TEXT_MAX} characters."]})
    row = db.session.execute(sa.select(StatementTemplate).filter_by(
        reason_code=reason_code)).scalar_one_or_none()
    before = row.text if row else DEFAULTS[reason_code]
    if row is None:
        row = StatementTemplate(reason_code=reason_code, text=text, updated_by=actor.name)
        db.session.add(row)
    else:
        row.text, row.updated_at, row.updated_by = text, utcnow(), actor.name
    db.session.flush()
    audit.record(actor, "statement.update", "statement", reason_code,
                 before={"text": before}, after={"text": text})
    db.session.commit()
    return row
