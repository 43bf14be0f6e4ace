"""What a reader sends, once validated: plain values, no request objects."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Submission:
    """A validated, trimmed comment submission."""

    thread_key: str
    author: str
    email: str
    website: str | None
    body: str
    parent_id: int | None = None
    title: str | None = None
    url: str | None = None
    # A hidden form field people never fill in; any value marks a bot.
    honeypot: str | None = None
    # Milliseconds from the form being shown to it being sent, as the widget measured.
    elapsed_ms: int | None = None
    # Ask before storing a comment the abuse screener would hold (the widget's nudge).
    nudge: bool = False
    # Email the author when someone replies (after they confirm their address).
    notify_replies: bool = False
    # The page's language, a primary subtag ("en", "fr"), or None when it did not say.
    locale: str | None = None


@dataclass(frozen=True)
class ClientInfo:
    """Where a submission came from, for rate limits, bans and moderators."""

    ip: str
    user_agent: str | None = None
