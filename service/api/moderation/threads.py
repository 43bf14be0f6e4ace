"""Thread settings: close or reopen, and pre-moderation."""

from __future__ import annotations

from flask import jsonify

from ...moderation import actions
from ...moderation.auth import Role, current_actor, require_role
from ...moderation.schemas import (
    ThreadIn,
    ThreadQueryIn,
    thread_in,
    thread_out,
    thread_query_in,
    threads_out,
)
from ..requests import json_object, query_args
from ..spec import documented
from .blueprint import bp
from .contract import MODERATOR, THREAD_LIST, ThreadChangedOut


@bp.get("/threads")
@documented(query=ThreadQueryIn, responses={200: THREAD_LIST}, **MODERATOR)
@require_role(Role.MODERATOR)
def list_threads():
    """List threads, newest first, optionally those whose key contains `key`."""
    args = query_args(thread_query_in)
    return jsonify(items=threads_out.dump(actions.find_threads(args["key"],
                                                                  limit=args["limit"])))


@bp.patch("/threads/<int:thread_id>")
@documented(body=ThreadIn, responses={200: ThreadChangedOut}, **MODERATOR)
@require_role(Role.MODERATOR)
def configure(thread_id: int):
    """Close or reopen a thread, or set its moderation mode."""
    data = thread_in.load(json_object())
    thread, changed = actions.configure_thread(thread_id, current_actor(), **data)
    return jsonify(changed=changed, thread=thread_out.dump(thread))
