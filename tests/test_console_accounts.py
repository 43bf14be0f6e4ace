"""Console accounts: `margin user`, passwords, set-password links, two-factor codes."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from service.accounts import totp
from service.extensions import db
from service.models import Account, AuditEntry, ConsoleSession, Role, utcnow
from tests.helpers.console import ADMIN, MODERATOR, PASSWORD, csrf_from, make_account


def accounts_in(app):
    with app.app_context():
        return {a.email: a for a in db.session.execute(sa.select(Account)).scalars()}


def session_count(app):
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count(ConsoleSession.id))).scalar()


def sign_in(client, email=MODERATOR, password=PASSWORD, code=None):
    token = csrf_from(client.get("/console/signin").text)
    return client.post("/console/signin", data={"email": email, "password": password,
                                                "code": code or "", "csrf_token": token})


def test_user_add_with_a_password_from_stdin(app, runner):
    result = runner.invoke(args=["user", "add", "Mo@Example.org", "--role", "moderator",
                                 "--name", "Mo Reyes", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created moderator account" in result.output and "http" not in result.output
    account = accounts_in(app)[MODERATOR]
    assert (account.name, account.role, account.setup_hash) == ("Mo Reyes", Role.MODERATOR,
                                                                None)
    assert account.password_hash.startswith("scrypt:") and PASSWORD not in account.password_hash
    listed = runner.invoke(args=["user", "list"]).output
    assert "mo@example.org\tMo Reyes\tmoderator\tno" in listed


def test_user_add_without_a_password_prints_a_one_time_link(app, runner, client):
    result = runner.invoke(args=["user", "add", ADMIN, "--role", "admin"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:8000/console/set-password/")
    path = link.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200
    token = csrf_from(page.text)
    mismatch = client.post(path, data={"password": PASSWORD, "repeat": "something else",
                                       "csrf_token": token})
    assert mismatch.status_code == 400 and accounts_in(app)[ADMIN].password_hash is None
    short = client.post(path, data={"password": "short", "repeat": "short",
                                    "csrf_token": token})
    assert short.status_code == 400 and accounts_in(app)[ADMIN].password_hash is None
    done = client.post(path, data={"password": PASSWORD, "repeat": PASSWORD,
                                   "csrf_token": token})
    assert done.status_code == 303 and done.headers["Location"].endswith("done=password")
    assert client.get(path).status_code == 404  # once only
    assert sign_in(client, ADMIN).status_code == 303


def test_a_set_password_link_expires(app, runner, client):
    result = runner.invoke(args=["user", "add", MODERATOR, "--role", "moderator"])
    path = result.output.strip().splitlines()[-1].removeprefix("http://127.0.0.1:8000")
    with app.app_context():
        db.session.execute(sa.update(Account).values(
            setup_expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("args, stdin, message", [
    (["not-an-address", "--role", "moderator", "--password-stdin"], PASSWORD, "email"),
    ([MODERATOR, "--role", "moderator", "--password-stdin"], "short", "at least 12"),
    ([MODERATOR, "--role", "moderator", "--password-stdin"], "", "at least 12"),
    ([MODERATOR, "--role", "moderator", "--name", "x" * 101], None, "name"),
])
def test_user_add_refuses_bad_input_without_a_traceback(app, runner, args, stdin, message):
    result = runner.invoke(args=["user", "add", *args], input=stdin)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert accounts_in(app) == {}


def test_user_add_refuses_an_unknown_role_and_a_taken_address(app, runner):
    assert runner.invoke(args=["user", "add", MODERATOR, "--role", "owner"]).exit_code == 2
    make_account(app)
    again = runner.invoke(args=["user", "add", MODERATOR.upper(), "--role", "admin"])
    assert again.exit_code == 1 and "exists" in again.output
    assert list(accounts_in(app)) == [MODERATOR]


def test_user_disable_ends_sessions_and_sign_in(app, runner, client):
    make_account(app)
    assert sign_in(client).status_code == 303
    assert session_count(app) == 1
    result = runner.invoke(args=["user", "disable", MODERATOR])
    assert result.exit_code == 0 and "Disabled" in result.output
    assert session_count(app) == 0
    assert client.get("/console/api/queue").status_code == 401
    assert sign_in(client).status_code == 401
    assert "Already disabled" in runner.invoke(args=["user", "disable", MODERATOR]).output
    unknown = runner.invoke(args=["user", "disable", "nobody@example.org"])
    assert unknown.exit_code == 1 and "No such account" in unknown.output
    with app.app_context():
        assert db.session.execute(sa.select(AuditEntry.action).filter_by(
            target_type="account")).scalars().all() == ["account.create", "account.disable"]


def test_two_factor_codes_are_asked_for_once_set_up(app, runner, client):
    make_account(app)
    result = runner.invoke(args=["user", "totp", MODERATOR])
    assert result.exit_code == 0 and "otpauth://totp/" in result.output
    secret = accounts_in(app)[MODERATOR].totp_secret
    assert sign_in(client).status_code == 401
    assert sign_in(client, code="000000" if totp.current_code(secret) != "000000"
                   else "111111").status_code == 401
    assert sign_in(client, code=totp.current_code(secret)).status_code == 303
    assert runner.invoke(args=["user", "totp", MODERATOR, "--off"]).exit_code == 0
    assert accounts_in(app)[MODERATOR].totp_secret is None


def test_admins_need_two_factor_when_the_site_says_so(make_app):
    app = make_app({"CONSOLE_ADMIN_TOTP_REQUIRED": True})
    make_account(app, ADMIN, Role.ADMIN)
    make_account(app)
    client = app.test_client()
    refused = sign_in(client, ADMIN)
    assert refused.status_code == 403 and "two-factor" in refused.text
    assert session_count(app) == 0
    assert sign_in(app.test_client()).status_code == 303  # moderators are not asked
    runner = app.test_cli_runner()
    runner.invoke(args=["user", "totp", ADMIN])
    secret = accounts_in(app)[ADMIN].totp_secret
    assert sign_in(client, ADMIN, code=totp.current_code(secret)).status_code == 303


def test_a_password_change_ends_every_session(app, client):
    make_account(app)
    assert sign_in(client).status_code == 303
    assert sign_in(app.test_client()).status_code == 303
    assert session_count(app) == 2
    from service.accounts import accounts

    with app.app_context():
        accounts.set_password(accounts.find(MODERATOR), "a brand new passphrase")
    assert session_count(app) == 0
    assert client.get("/console/api/queue").status_code == 401
