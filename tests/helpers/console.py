"""What console tests share: accounts, seeded queues, signing in (by form or by client)."""

from __future__ import annotations

import re
from datetime import timedelta

from service import comments, database
from service.accounts import accounts
from service.extensions import db
from service.models import Comment, CommentStatus, Role, utcnow

PASSWORD = "harbour bridge bearings"
MODERATOR = "mo@example.org"
ADMIN = "ad@example.org"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_account(app, email: str = MODERATOR, role: Role = Role.MODERATOR,
                 password: str | None = PASSWORD, name: str | None = None):
    """Create an account through the domain; return (id, set-password secret or None)."""
    with app.app_context():
        database.begin_write()
        account, secret = accounts.create(email, role, name or email.split("@")[0].title(),
                                          password=password)
        return account.id, secret


def csrf_from(html: str) -> str:
    """Return the CSRF token a console page's form carries."""
    return _CSRF.search(html).group(1)


def sign_in_client(client, email: str = MODERATOR, password: str = PASSWORD):
    """Sign a Flask test client in through the form; return the console page's CSRF token."""
    token = csrf_from(client.get("/console/signin").text)
    response = client.post("/console/signin", data={"email": email, "password": password,
                                                    "csrf_token": token})
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/console/").text)


def sign_in_page(page, base_url: str, email: str = MODERATOR, password: str = PASSWORD,
                 path: str = "/console/"):
    """Sign a browser page in through the form (in any language), landing on path."""
    page.goto(f"{base_url}{path}")
    form = page.locator("form.stack")
    form.locator("#email").fill(email)
    form.locator("#password").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base_url}{path}*")


def set_status(app, comment_id: int, status: CommentStatus) -> None:
    """Move a comment to a status as the system would (a filter's hold, a spam verdict)."""
    with app.app_context():
        database.begin_write()
        comments.set_status(db.session.get(Comment, comment_id), status, actor="test")
        db.session.commit()


def report(app, comment_id: int, category: str = "harassment", text: str | None = None,
           ip: str = "198.51.100.7") -> None:
    """File a reader's report through the public API."""
    response = app.test_client().post(f"/api/v1/comments/{comment_id}/reports",
                                      json={"category": category, "text": text},
                                      environ_base={"REMOTE_ADDR": ip})
    assert response.status_code == 201, response.get_json()


def statuses(app) -> dict[int, str]:
    """Return every comment's status by id."""
    with app.app_context():
        return {c.id: c.status.value for c in db.session.execute(
            db.select(Comment).order_by(Comment.id)).scalars()}


def backdate(app, comment_id: int, days: int) -> None:
    """Move a comment's arrival days back, as if it came in then."""
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        comment.created_at = utcnow() - timedelta(days=days)
        db.session.commit()
