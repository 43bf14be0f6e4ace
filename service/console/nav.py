"""The console's navigation: the one list every page's menu is drawn from.

A new page appends one entry; the menu shows it to the roles that cover `role`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Role


@dataclass(frozen=True)
class NavItem:
    """One menu entry: the view's endpoint, its label's locale key, the role it needs."""

    endpoint: str
    label: str
    role: Role = Role.MODERATOR


NAV: list[NavItem] = [
    NavItem("console.queue", "nav.queue"),
    NavItem("console.threads_page", "nav.threads"),
    NavItem("console.appeals_page", "nav.appeals"),
    NavItem("console.stats_page", "nav.stats"),
    NavItem("console.audit_page", "nav.audit"),
    NavItem("console.admin_accounts", "nav.admin", Role.ADMIN),
]


def visible_to(role: Role) -> list[NavItem]:
    """Return the entries a person with this role sees, in menu order."""
    return [item for item in NAV if role.covers(item.role)]
