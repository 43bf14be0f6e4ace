"""The complaint form a statement of reasons links to (DSA Art. 20), in English and French."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from flask import Blueprint, current_app, render_template, request
from marshmallow import ValidationError

from .dsa import appeals, links
from .dsa.schemas import complaint_in
from .error_shape import APIError
from .extensions import limiter

bp = Blueprint("complaints", __name__)

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "fr")


@functools.cache
def strings(lang: str) -> dict[str, str]:
    """Return the page's strings in a language (locales/complaint.<lang>.json)."""
    return json.loads((LOCALES / f"complaint.{lang}.json").read_text(encoding="utf-8"))



def complaints_limit() -> str:
    """Return the configured rate limit for complaints: the readers' reports' one."""
    return current_app.config["RATELIMIT_REPORTS"]


def _lang() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def _page(status: int, lang: str, **context):
    return render_template("complaint.html", t=strings(lang), lang=lang, **context), status


@bp.route("/complaints/<token>", methods=["GET", "POST"])
@limiter.limit(complaints_limit, methods=["POST"])
def form(token: str):
    """Show the complaint form of a signed link, or take the complaint it posts."""
    lang = _lang()
    try:
        grant = links.read(token)
        decision, _ = appeals.contested(grant)
    except links.LinkExpired:
        return _page(410, lang, message="expired")
    except (links.LinkInvalid, APIError):
        return _page(404, lang, message="invalid")
    context = {"party": grant.party.value, "decided_at": decision.created_at}
    if appeals.already_filed(grant) is not None:
        return _page(409, lang, message="already", **context)
    if request.method == "GET":
        return _page(200, lang, **context)
    text = request.form.get("text", "")
    try:
        data = complaint_in.load({"text": text})
    except ValidationError as error:
        # The schema explains in English; a blank form is said in the page's language.
        problem = strings(lang)["required"] if not text.strip() else error.messages["text"][0]
        return _page(400, lang, error=problem, text=text, **context)
    try:
        appeals.file(grant, data["text"])
    except APIError as error:
        return _page(error.status, lang, message="already" if error.status == 409
                     else "invalid")
    return _page(201, lang, message="received")
