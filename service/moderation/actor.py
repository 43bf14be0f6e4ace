"""Who is acting on a moderation request: a leaf both the tokens and the audit log use."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Role


@dataclass(frozen=True)
class Actor:
    """Who is acting: the token behind a moderation request."""

    token_id: int
    name: str
    role: Role
