"""Who is acting on a moderation request: a leaf both the tokens and the audit log use."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Role


@dataclass(frozen=True)
class Actor:
    """Who is acting: the token behind an API request, or the person signed in to the console."""

    token_id: int | None
    name: str
    role: Role
    # Set for a person (a console account); token_id is then None.
    account_id: int | None = None

    @property
    def is_person(self) -> bool:
        """Tell whether a person signed in to the console is acting (not a token)."""
        return self.account_id is not None
