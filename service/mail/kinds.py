"""The registry of message kinds: which templates render a message and how it unsubscribes."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field


class Unsubscribe(enum.StrEnum):
    """What a message's one-click unsubscribe (List-Unsubscribe) stops."""

    THREAD = "thread"  # messages about the thread in context["thread_id"]
    ALL = "all"  # every message to the address
    NONE = "none"  # no such header: messages the site must send (alerts to its staff)


def _as_is(context: dict, _message) -> dict:
    return context


@dataclass(frozen=True)
class Kind:
    """A kind of message: templates/<template>.<locale>.txt and .html render it."""

    name: str
    template: str
    unsubscribe: Unsubscribe
    # Called when the message is sent, in the sender's transaction, with the stored
    # context and the message row; returns the templates' variables, or None when there
    # is nothing left to say (the message is then cancelled, not sent).
    prepare: Callable[[dict, object], dict | None] = field(default=_as_is)


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind of message (registering the same name again replaces it); return it."""
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> Kind:
    """Return a registered kind, or raise KeyError naming it."""
    try:
        return _KINDS[name]
    except KeyError:
        raise KeyError(f"no such kind of message: {name!r}") from None


def names() -> list[str]:
    """Return the registered kinds' names, sorted."""
    return sorted(_KINDS)
