"""The threads page: find a thread by key or title, close or reopen it, set pre-moderation."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError

from ..error_shape import APIError
from ..models import ModerationMode
from ..moderation import actions
from ..moderation.schemas import thread_in
from .auth import current_actor, signed_in
from .blueprint import bp

THREADS_SHOWN = 50
SEARCH_MAX = 200
# What the moderation select sends for "the site's own setting" (stored as null).
SITE_DEFAULT = ""
DONE = ("closed", "reopened", "moderation", "unchanged")


def _page(status: int = 200, error: str | None = None):
    text = request.values.get("q", "").strip()[:SEARCH_MAX]
    found = actions.search_threads(text or None, limit=THREADS_SHOWN)
    done = request.args.get("done")
    return render_template("console/threads.html", q=text, threads=found,
                           modes=list(ModerationMode), site_default=SITE_DEFAULT,
                           done=done if done in DONE else None, error=error), status


@bp.get("/threads")
@signed_in()
def threads_page():
    """List threads matching the search, newest first, each with its settings."""
    return _page()


@bp.post("/threads/<int:thread_id>")
@signed_in()
def thread_settings(thread_id: int):
    """Close, reopen or set the moderation mode of one thread, through the API's function."""
    form = request.form
    data = {}
    if "closed" in form:
        data["closed"] = form["closed"]
    if "moderation" in form:
        data["moderation"] = form["moderation"] or None
    try:
        settings = thread_in.load(data)
        _, changed = actions.configure_thread(thread_id, current_actor(), **settings)
    except ValidationError as e:
        return _page(400, "; ".join(f"{k}: {' '.join(map(str, v))}"
                                    for k, v in e.messages.items()))
    except APIError as e:
        return _page(e.status, e.message)
    if not changed:
        done = "unchanged"
    elif "moderation" in settings:
        done = "moderation"
    else:
        done = "closed" if settings["closed"] else "reopened"
    return redirect(url_for("console.threads_page", q=form.get("q") or None, done=done), 303)
