"""The console's admin pages through the Flask client, on each backend: who may open them,
what they change, and what bad input changes (nothing)."""

from __future__ import annotations

import json
import re

import pytest

from service.extensions import db
from service.models import (
    Account,
    AuditEntry,
    Comment,
    ModeratorToken,
    Role,
    StatementTemplate,
    WebhookEndpoint,
    WebhookMessage,
)
from service.models.webhooks import MessageStatus
from tests.helpers.console import ADMIN, MODERATOR, csrf_from, make_account, sign_in_client
from tests.helpers.moderation import bearer

SECRET = re.compile(r'id="token-secret" class="secret-value" type="text" readonly '
                    r'value="(mgn_[^"]+)"')
LINK = re.compile(r'id="setup-link" class="secret-value" type="text" readonly '
                  r'value="([^"]+)"')

ADMIN_PAGES = ["/console/admin/accounts", "/console/admin/tokens", "/console/admin/webhooks",
               "/console/admin/personal-data", "/console/admin/statements"]
ADMIN_POSTS = [
    ("/console/admin/tokens", {"name": "bot", "role": "admin"}),
    ("/console/admin/accounts", {"email": "new@example.org", "role": "admin"}),
    ("/console/admin/accounts/role", {"email": MODERATOR, "role": "admin"}),
    ("/console/admin/accounts/disable", {"email": ADMIN}),
    ("/console/admin/personal-data/erase", {"email": "ann@example.com", "comments": "remove",
                                            "confirm_email": "ann@example.com",
                                            "confirm": "yes"}),
    ("/console/admin/statements/spam", {"text": "Gone."}),
    ("/console/admin/webhooks", {"url": "http://127.0.0.1:9/hook", "events": "comment.created"}),
]


def count(app, model) -> int:
    with app.app_context():
        return db.session.query(model).count()


def state(app) -> dict:
    """Return what the admin pages could change, to compare before and after."""
    with app.app_context():
        return {
            "tokens": [(t.name, t.revoked_at is None) for t in ModeratorToken.query.all()],
            "accounts": [(a.email, a.role.value, a.disabled_at is None)
                         for a in Account.query.order_by(Account.id)],
            "comments": [(c.author, c.email) for c in Comment.query.order_by(Comment.id)],
            "statements": [(s.reason_code, s.text) for s in StatementTemplate.query],
            "endpoints": [e.url for e in WebhookEndpoint.query],
        }


@pytest.fixture
def people(app, api):
    make_account(app, ADMIN, Role.ADMIN)
    make_account(app, MODERATOR, Role.MODERATOR)
    api.post_comment(body="Ann's comment on the bridge.")


@pytest.fixture
def admin(app, people):
    client = app.test_client()
    client.csrf = sign_in_client(client, ADMIN)
    return client


@pytest.fixture
def moderator(app, people):
    client = app.test_client()
    client.csrf = sign_in_client(client, MODERATOR)
    return client


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_moderator_is_refused_every_admin_page(moderator, path):
    response = moderator.get(path)
    assert response.status_code == 403
    assert "This needs the admin role." in response.text


@pytest.mark.parametrize(("path", "form"), ADMIN_POSTS)
def test_a_moderator_changes_nothing_through_admin_forms(app, moderator, path, form):
    before = state(app)
    response = moderator.post(path, data={**form, "csrf_token": moderator.csrf})
    assert response.status_code == 403
    assert state(app) == before


@pytest.mark.parametrize(("path", "form"), ADMIN_POSTS)
def test_an_admin_form_without_its_csrf_token_changes_nothing(app, admin, path, form):
    before = state(app)
    response = admin.post(path, data=form)
    assert response.status_code == 403
    assert "did not come from the console" in response.text
    assert state(app) == before


def test_an_admin_creates_a_token_that_works_on_the_api_then_revokes_it(app, admin):
    page = admin.post("/console/admin/tokens", data={"name": "newsroom-bot",
                                                     "role": "moderator",
                                                     "csrf_token": admin.csrf})
    assert page.status_code == 201
    secret = SECRET.search(page.text)[1]
    api = app.test_client()
    assert api.get("/api/v1/moderation/comments", headers=bearer(secret)).status_code == 200
    # A moderator's token, as asked: the admin calls stay closed to it.
    assert api.get("/api/v1/moderation/tokens", headers=bearer(secret)).status_code == 403
    listing = admin.get("/console/admin/tokens").text
    assert secret not in listing and secret[:12] in listing
    with app.app_context():
        token = ModeratorToken.query.filter_by(name="newsroom-bot").one()
        entry = AuditEntry.query.filter_by(action="token.create").one()
        assert (entry.actor, entry.account_id is not None) == (ADMIN, True)
    revoked = admin.post(f"/console/admin/tokens/{token.id}/revoke",
                         data={"csrf_token": admin.csrf})
    assert revoked.status_code == 303
    assert api.get("/api/v1/moderation/comments", headers=bearer(secret)).status_code == 401


@pytest.mark.parametrize(("form", "status"), [
    ({"name": "", "role": "moderator"}, 400),
    ({"name": "x" * 101, "role": "moderator"}, 400),
    ({"name": "bot", "role": "root"}, 400),
    ({"name": "bot"}, 400),
    ({"name": "taken", "role": "admin"}, 409),
])
def test_token_creation_refuses_bad_input(app, admin, form, status):
    admin.post("/console/admin/tokens", data={"name": "taken", "role": "moderator",
                                              "csrf_token": admin.csrf})
    before = state(app)
    response = admin.post("/console/admin/tokens", data={**form, "csrf_token": admin.csrf})
    assert response.status_code == status
    assert 'role="alert"' in response.text and "mgn_" not in response.text.split(
        "<tbody>")[0]
    assert state(app) == before


def test_revoking_an_unknown_token_is_a_404(app, admin):
    assert admin.post("/console/admin/tokens/4242/revoke",
                      data={"csrf_token": admin.csrf}).status_code == 404


def test_an_admin_adds_an_account_whose_link_sets_a_password(app, admin):
    page = admin.post("/console/admin/accounts", data={"email": "New@Example.org",
                                                       "name": "Nadia", "role": "moderator",
                                                       "csrf_token": admin.csrf})
    assert page.status_code == 201
    link = LINK.search(page.text)[1]
    path = link.split("localhost", 1)[1]
    newcomer = app.test_client()
    form = newcomer.get(path)
    assert form.status_code == 200
    done = newcomer.post(path, data={"password": "a long enough passphrase",
                                     "repeat": "a long enough passphrase",
                                     "csrf_token": csrf_from(form.text)})
    assert done.status_code == 303
    sign_in_client(newcomer, "new@example.org", "a long enough passphrase")
    assert newcomer.get("/console/stats").status_code == 200


@pytest.mark.parametrize(("form", "status"), [
    ({"email": "not-an-address", "role": "moderator"}, 400),
    ({"email": "", "role": "moderator"}, 400),
    ({"email": "x@example.org", "role": "owner"}, 400),
    ({"email": "x@example.org", "role": "moderator", "name": "n" * 101}, 400),
    ({"email": MODERATOR.upper(), "role": "admin"}, 409),
])
def test_account_creation_refuses_bad_input(app, admin, form, status):
    before = state(app)
    response = admin.post("/console/admin/accounts", data={**form, "csrf_token": admin.csrf})
    assert response.status_code == status
    assert 'role="alert"' in response.text and 'id="setup-link"' not in response.text
    assert state(app) == before


def test_an_admin_changes_a_role_and_disables_an_account(app, admin, moderator):
    assert admin.post("/console/admin/accounts/role", data={
        "email": MODERATOR, "role": "admin", "csrf_token": admin.csrf}).status_code == 303
    assert moderator.get("/console/admin/tokens").status_code == 200
    assert admin.post("/console/admin/accounts/disable", data={
        "email": MODERATOR, "csrf_token": admin.csrf}).status_code == 303
    # Disabling ends the person's sessions at once.
    assert moderator.get("/console/stats").status_code == 302
    with app.app_context():
        account = Account.query.filter_by(email=MODERATOR).one()
        assert account.role is Role.ADMIN and account.disabled_at is not None
        assert {e.action for e in AuditEntry.query.filter(
            AuditEntry.action.startswith("account."))} >= {"account.role", "account.disable"}


@pytest.mark.parametrize(("path", "form", "status"), [
    ("/console/admin/accounts/role", {"email": ADMIN, "role": "moderator"}, 409),
    ("/console/admin/accounts/disable", {"email": ADMIN}, 409),
    ("/console/admin/accounts/role", {"email": MODERATOR, "role": "owner"}, 400),
    ("/console/admin/accounts/role", {"email": "nobody@example.org", "role": "admin"}, 404),
    ("/console/admin/accounts/disable", {"email": "nobody@example.org"}, 404),
    ("/console/admin/accounts/link", {"email": "nobody@example.org"}, 404),
])
def test_account_changes_refuse_bad_input(app, admin, path, form, status):
    before = state(app)
    response = admin.post(path, data={**form, "csrf_token": admin.csrf})
    assert response.status_code == status
    assert 'role="alert"' in response.text
    assert state(app) == before


def test_personal_data_export_downloads_json(app, admin):
    response = admin.post("/console/admin/personal-data/export",
                          data={"email": "ann@example.com", "csrf_token": admin.csrf})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "ann@example.com" not in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert [c["body"] for c in data["comments"]] == ["Ann's comment on the bridge."]
    with app.app_context():
        assert AuditEntry.query.filter_by(action="personal_data.export").count() == 1


@pytest.mark.parametrize("form", [
    {"email": "ann@example.com", "comments": "remove", "confirm_email": "ann@example.com"},
    {"email": "ann@example.com", "comments": "remove", "confirm_email": "bob@example.com",
     "confirm": "yes"},
    {"email": "ann@example.com", "comments": "shred", "confirm_email": "ann@example.com",
     "confirm": "yes"},
    {"email": "ann", "comments": "remove", "confirm_email": "ann", "confirm": "yes"},
])
def test_erasure_needs_a_valid_confirmed_request(app, admin, form):
    before = state(app)
    response = admin.post("/console/admin/personal-data/erase",
                          data={**form, "csrf_token": admin.csrf})
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert state(app) == before


def test_erasure_with_confirmation_erases(app, admin):
    response = admin.post("/console/admin/personal-data/erase", data={
        "email": "ann@example.com", "confirm_email": "ANN@example.com", "comments": "anonymise",
        "confirm": "yes", "csrf_token": admin.csrf})
    assert response.status_code == 200 and 'id="erased"' in response.text
    assert state(app)["comments"] == [("[erased]", "")]


def test_export_refuses_a_bad_address(app, admin):
    response = admin.post("/console/admin/personal-data/export",
                          data={"email": "not an address", "csrf_token": admin.csrf})
    assert response.status_code == 400 and 'role="alert"' in response.text
    with app.app_context():
        assert AuditEntry.query.filter_by(action="personal_data.export").count() == 0


def test_statement_templates_are_saved_per_reason_code(app, admin):
    response = admin.post("/console/admin/statements/off_topic",
                          data={"text": "Please stay on the article.", "csrf_token": admin.csrf})
    assert response.status_code == 303
    assert "Please stay on the article." in admin.get("/console/admin/statements").text
    assert state(app)["statements"] == [("off_topic", "Please stay on the article.")]


@pytest.mark.parametrize(("code", "text"), [("nonsense", "Text."), ("spam", "x" * 2001)])
def test_statement_templates_refuse_bad_input(app, admin, code, text):
    response = admin.post(f"/console/admin/statements/{code}",
                          data={"text": text, "csrf_token": admin.csrf})
    assert response.status_code == 400
    assert state(app)["statements"] == []


@pytest.fixture
def hooks(make_app):
    """An app that may call webhook receivers on this machine."""
    return make_app({"WEBHOOKS_ALLOW_PRIVATE": True})


def test_webhook_endpoint_added_logged_and_replayed(hooks):
    make_account(hooks, ADMIN, Role.ADMIN)
    admin = hooks.test_client()
    csrf = sign_in_client(admin, ADMIN)
    page = admin.post("/console/admin/webhooks", data={
        "url": "http://127.0.0.1:9/hook", "events": ["comment.created"],
        "description": "Desk", "csrf_token": csrf})
    assert page.status_code == 201 and 'id="webhook-secret"' in page.text
    response = hooks.test_client().post(
        "/api/v1/comments", environ_base={"REMOTE_ADDR": "192.0.2.7"},
        json={"thread": "/news/a", "author": "Ann", "email": "ann@example.com",
              "body": "A comment for the hook."})
    assert response.status_code == 201
    with hooks.app_context():
        endpoint_id = WebhookEndpoint.query.one().id
        message = WebhookMessage.query.one()
        message.status, message.attempts = MessageStatus.FAILED, 8
        message_id = message.id
        db.session.commit()
    detail = admin.get(f"/console/admin/webhooks/{endpoint_id}")
    assert detail.status_code == 200 and f'data-message="{message_id}"' in detail.text
    failed = admin.get(f"/console/admin/webhooks/{endpoint_id}?status=failed").text
    assert f'data-message="{message_id}"' in failed
    replayed = admin.post(f"/console/admin/webhooks/{endpoint_id}/replay",
                          data={"message": str(message_id), "csrf_token": csrf})
    assert replayed.status_code == 303
    with hooks.app_context():
        again = db.session.get(WebhookMessage, message_id)
        assert (again.status, again.attempts) == (MessageStatus.PENDING, 0)
    for form, status in (({"message": "abc"}, 400), ({"message": "999999"}, 404),
                         ({"since": "whenever"}, 400)):
        response = admin.post(f"/console/admin/webhooks/{endpoint_id}/replay",
                              data={**form, "csrf_token": csrf})
        assert response.status_code == status, form
        assert 'role="alert"' in response.text
    assert admin.get(f"/console/admin/webhooks/{endpoint_id}?status=lost").status_code == 400
    assert admin.get("/console/admin/webhooks/999999").status_code == 404


@pytest.mark.parametrize(("form", "status"), [
    ({"url": "ftp://127.0.0.1/hook", "events": "comment.created"}, 400),
    ({"url": "", "events": "comment.created"}, 400),
    ({"url": "http://127.0.0.1:9/hook"}, 400),
    ({"url": "http://127.0.0.1:9/hook", "events": "comment.exploded"}, 400),
])
def test_webhook_endpoint_refuses_bad_input(app, admin, form, status):
    response = admin.post("/console/admin/webhooks", data={**form, "csrf_token": admin.csrf})
    assert response.status_code == status
    assert 'role="alert"' in response.text and 'id="webhook-secret"' not in response.text
    assert count(app, WebhookEndpoint) == 0


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_speak_french_when_asked(admin, path):
    response = admin.get(path, query_string={"lang": "fr"})
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert "Pages d\N{RIGHT SINGLE QUOTATION MARK}administration" in response.text
