"""Signed complaint links: who may contest which decision, for six months (DSA Art. 20)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..models import AppealParty

# Its own salt: a complaint token is never valid as anything else signed with the key.
SALT = "margin.complaint.v1"
# Art. 20(1): complaints are possible for at least six months after the decision.
VALID_FOR = timedelta(days=183)
# Where the complaint form lives (service/complaint_page.py); built by hand, because
# messages are made by workers outside any request.
FORM_PATH = "/complaints/"


@dataclass(frozen=True)
class Grant:
    """What a complaint link allows: this party may contest this decision."""

    decision_id: int
    party: AppealParty
    report_id: int | None = None


class LinkExpired(Exception):
    """The link was genuine but is older than VALID_FOR."""


class LinkInvalid(Exception):
    """The link was not signed by this site, or was changed."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign(grant: Grant) -> str:
    """Return the token of a complaint link."""
    return _serializer().dumps([grant.decision_id, grant.party.value, grant.report_id])


def read(token: str) -> Grant:
    """Return the grant inside a token, or raise LinkExpired or LinkInvalid."""
    try:
        decision_id, party, report_id = _serializer().loads(
            token, max_age=int(VALID_FOR.total_seconds()))
        return Grant(int(decision_id), AppealParty(party),
                     None if report_id is None else int(report_id))
    except SignatureExpired:
        raise LinkExpired from None
    except (BadSignature, ValueError, TypeError):
        raise LinkInvalid from None


def complaint_url(grant: Grant) -> str:
    """Return the complaint form's address for a grant: absolute when PUBLIC_URL is set."""
    path = FORM_PATH + sign(grant)
    base = current_app.config["PUBLIC_URL"]
    return f"{base.rstrip('/')}{path}" if base else path
