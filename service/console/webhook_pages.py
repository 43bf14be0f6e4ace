"""Admin pages for webhook endpoints: the list, adding one, its delivery log and replays."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError

from ..error_shape import APIError
from ..models import EndpointStatus, MessageStatus, Role
from ..webhooks import endpoints, outbox
from ..webhooks.schemas import endpoint_in, message_query_in, replay_in
from .auth import current_actor, signed_in
from .blueprint import bp
from .forms import problems, status_of

LOG_SIZE = 50
DONE = ("replayed", "paused", "resumed")


def _list_page(status: int = 200, **extra):
    return render_template("console/admin_webhooks.html", endpoints=endpoints.list_all(),
                           event_types=outbox.EVENT_TYPES, **extra), status


@bp.get("/admin/webhooks")
@signed_in(Role.ADMIN)
def admin_webhooks():
    """List webhook endpoints and the form that adds one."""
    return _list_page()


@bp.post("/admin/webhooks")
@signed_in(Role.ADMIN)
def admin_webhook_add():
    """Add an endpoint and show its signing secret, this once."""
    form = request.form
    data = {"url": form.get("url", ""), "events": form.getlist("events"),
            "description": form.get("description", "").strip() or None,
            "include_personal_data": form.get("include_personal_data") == "true"}
    try:
        endpoint = endpoints.create(current_actor(), **endpoint_in.load(data))
    except (APIError, ValidationError) as e:
        return _list_page(status_of(e), errors=problems(e), form=form)
    return _list_page(201, created=endpoint)


def _detail_page(endpoint_id: int, status: int = 200, *, status_filter: str = "",
                 cursor: str | None = None, **extra):
    endpoint = endpoints.get(endpoint_id)
    messages, more = endpoints.messages(
        endpoint_id, status=MessageStatus(status_filter) if status_filter else None,
        limit=LOG_SIZE, cursor=cursor)
    attempts, _ = endpoints.attempts(endpoint_id, message_id=None, limit=LOG_SIZE,
                                     cursor=None)
    done = request.args.get("done")
    return render_template("console/admin_webhook.html", endpoint=endpoint,
                           messages=messages, attempts=attempts, more=more,
                           statuses=list(MessageStatus), status_filter=status_filter,
                           done=done if done in DONE else None, **extra), status


@bp.get("/admin/webhooks/<int:endpoint_id>")
@signed_in(Role.ADMIN)
def admin_webhook(endpoint_id: int):
    """Show an endpoint's messages and delivery attempts, newest first."""
    given = {k: v for k, v in request.args.items() if k in ("status", "cursor") and v}
    try:
        query = message_query_in.load({**given, "limit": LOG_SIZE})
        return _detail_page(endpoint_id,
                            status_filter=query["status"].value if query["status"] else "",
                            cursor=query["cursor"])
    except ValidationError as e:
        return _detail_page(endpoint_id, 400, errors=problems(e))
    except APIError as e:
        if e.status == 404:
            return _list_page(404, errors=problems(e))
        return _detail_page(endpoint_id, e.status, errors=problems(e))


@bp.post("/admin/webhooks/<int:endpoint_id>/replay")
@signed_in(Role.ADMIN)
def admin_webhook_replay(endpoint_id: int):
    """Send one message, or every message since a day, again."""
    form = request.form
    try:
        if form.get("message"):
            if not form["message"].isdigit():
                raise ValidationError({"message": ["Not a message number."]})
            endpoints.replay(endpoint_id, current_actor(), message_id=int(form["message"]))
        else:
            since = replay_in.load({"since": form.get("since", "")})["since"]
            endpoints.replay(endpoint_id, current_actor(), since=since)
    except (APIError, ValidationError) as e:
        try:
            return _detail_page(endpoint_id, status_of(e), errors=problems(e))
        except APIError as missing:
            return _list_page(missing.status, errors=problems(missing))
    return redirect(url_for("console.admin_webhook", endpoint_id=endpoint_id,
                            done="replayed"), 303)


@bp.post("/admin/webhooks/<int:endpoint_id>/<any(pause, resume):change>")
@signed_in(Role.ADMIN)
def admin_webhook_status(endpoint_id: int, change: str):
    """Hold deliveries to an endpoint, or deliver again."""
    status = EndpointStatus.PAUSED if change == "pause" else EndpointStatus.ACTIVE
    try:
        endpoints.set_status(endpoint_id, current_actor(), status)
    except APIError as e:
        return _list_page(e.status, errors=problems(e))
    return redirect(url_for("console.admin_webhook", endpoint_id=endpoint_id,
                            done="paused" if change == "pause" else "resumed"), 303)
