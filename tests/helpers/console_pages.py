"""What the tests of the console's stats, audit, threads and admin pages share."""

from __future__ import annotations

import re
from datetime import timedelta

from service import database
from service.accounts import accounts
from service.extensions import db
from service.models import Comment, Role, utcnow

PASSWORD = "harbour bridge bearings"
MODERATOR = "mo@example.org"
ADMIN = "ad@example.org"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_account(app, email: str = MODERATOR, role: Role = Role.MODERATOR,
                 password: str | None = PASSWORD) -> int:
    """Create an account through the domain; return its id."""
    with app.app_context():
        database.begin_write()
        account, _ = accounts.create(email, role, email.split("@")[0].title(),
                                     password=password)
        return account.id


def csrf_from(html: str) -> str:
    """Return the CSRF token a console page's form carries."""
    return _CSRF.search(html).group(1)


def sign_in(client, email: str = MODERATOR, password: str = PASSWORD) -> str:
    """Sign a Flask test client in through the form; return the session's CSRF token."""
    token = csrf_from(client.get("/console/signin").text)
    response = client.post("/console/signin", data={"email": email, "password": password,
                                                    "csrf_token": token})
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/console/threads").text)


def sign_in_page(page, base_url: str, email: str = MODERATOR, path: str = "/console/stats"):
    """Sign a browser page in through the real form, landing on path."""
    page.goto(f"{base_url}{path}")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}{path}*")


def backdate(app, comment_id: int, days: int) -> None:
    """Move a comment's arrival days back, as if it came in then."""
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        comment.created_at = utcnow() - timedelta(days=days)
        db.session.commit()
