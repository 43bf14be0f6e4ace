"""The console over HTTP (Flask's client): sign-in, CSRF, roles, headers, data calls."""

import pytest
import sqlalchemy as sa

from service.extensions import db
from service.models import AuditEntry, Ban, Comment, ConsoleSession, Role, StatementTemplate
from service.moderation import statements
from tests.helpers.console import (
    ADMIN,
    MODERATOR,
    PASSWORD,
    csrf_from,
    make_account,
    report,
    sign_in_client,
)
from tests.helpers.moderation import Mod, make_token


def stored(app, model):
    with app.app_context():
        rows = db.session.execute(sa.select(model)).scalars().all()
        db.session.expunge_all()
        return rows


def post_signin(client, **fields):
    token = csrf_from(client.get("/console/signin").text)
    return client.post("/console/signin", data={"csrf_token": token, **fields})


@pytest.mark.parametrize("fields, status", [
    ({}, 400),
    ({"email": MODERATOR}, 400),
    ({"password": PASSWORD}, 400),
    ({"email": "nobody@example.org", "password": PASSWORD}, 401),
    ({"email": MODERATOR, "password": "wrong password here"}, 401),
    ({"email": MODERATOR, "password": "x" * 5000}, 401),
    ({"email": "x" * 400, "password": PASSWORD}, 401),
    ({"email": MODERATOR, "password": PASSWORD, "code": "12345678901234567890"}, 303),
])
def test_sign_in_answers_bad_input_plainly_and_opens_no_session(app, client, fields, status):
    make_account(app)
    response = post_signin(client, **fields)
    assert response.status_code == status
    assert len(stored(app, ConsoleSession)) == (status == 303)
    if status != 303:
        assert "Traceback" not in response.text and response.mimetype == "text/html"


def test_sign_in_cookie_and_page_headers(app):
    make_account(app)
    client = app.test_client()
    https = "https://margin.example.org"
    token = csrf_from(client.get("/console/signin", base_url=https).text)
    response = client.post("/console/signin", base_url=https, data={
        "email": MODERATOR, "password": PASSWORD, "csrf_token": token})
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith("margin_console="))
    assert {"HttpOnly", "Secure", "SameSite=Lax", "Path=/console/"} <= {
        part.strip() for part in cookie.split(";")}
    page = client.get("/console/", base_url=https)
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe" not in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/",
                                    "/api/v1/comments", "/console//evil.example"])
def test_sign_in_never_redirects_off_the_console(app, client, target):
    make_account(app)
    response = post_signin(client, email=MODERATOR, password=PASSWORD, next=target)
    assert response.status_code == 303 and response.headers["Location"] == "/console/"


def test_failed_sign_ins_are_throttled_per_client(make_app):
    app = make_app({"RATELIMIT_CONSOLE_SIGNIN": "2/minute"})
    make_account(app)
    client = app.test_client()
    for n in range(2):
        assert post_signin(client, email=f"guess{n}@example.org",
                           password="a wrong password").status_code == 401
    refused = post_signin(client, email=MODERATOR, password=PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert stored(app, ConsoleSession) == []
    other = app.test_client()  # another client address is not held back
    response = other.get("/console/signin", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    token = csrf_from(response.text)
    assert other.post("/console/signin", environ_base={"REMOTE_ADDR": "203.0.113.9"}, data={
        "email": MODERATOR, "password": PASSWORD, "csrf_token": token}).status_code == 303


def test_signing_in_without_the_forms_token_is_refused(app, client):
    make_account(app)
    client.get("/console/signin")
    response = client.post("/console/signin", data={"email": MODERATOR, "password": PASSWORD})
    assert response.status_code == 403 and "Reload the page" in response.text
    assert stored(app, ConsoleSession) == []


@pytest.mark.parametrize("path, body", [
    ("/console/api/comments/{id}/spam", {}),
    ("/console/api/comments/{id}/edit", {"body": "Changed by a forged request."}),
    ("/console/api/bulk", {"action": "delete", "ids": ["{id}"]}),
    ("/console/api/bans", {"kind": "email", "value": "ann@example.com"}),
])
@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_state_changing_calls_need_the_csrf_token(app, client, api, path, body, token):
    make_account(app)
    sign_in_client(client)
    comment = api.post_comment().get_json()["id"]
    body = {k: ([comment] if v == ["{id}"] else v) for k, v in body.items()}
    headers = {} if token is None else {"X-CSRF-Token": token}
    response = client.post(path.format(id=comment), json=body, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "csrf_failed"
    [row] = stored(app, Comment)
    assert (row.status.value, row.body) == ("approved", api.DEFAULTS["body"])
    assert stored(app, Ban) == []


def test_signed_out_data_calls_get_401_and_pages_the_form(app, client):
    assert client.get("/console/api/queue").status_code == 401
    assert client.get("/console/api/queue").get_json()["error"]["code"] == "unauthorized"
    page = client.get("/console/?queue=held")
    assert page.status_code == 302
    assert page.headers["Location"] == "/console/signin?next=/console/?queue%3Dheld"


def test_statement_templates_are_admin_only(app, client):
    make_account(app)
    make_account(app, ADMIN, Role.ADMIN)
    csrf = sign_in_client(client)
    refused = client.post("/console/api/statements/spam", json={"text": "Ours."},
                          headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403 and stored(app, StatementTemplate) == []
    admin = app.test_client()
    csrf = sign_in_client(admin, ADMIN)
    for code, text, status in (("spam", "Ours.", 200), ("nonsense", "x", 400),
                               ("spam", "x" * 2001, 400), ("other", None, 400)):
        answer = admin.post(f"/console/api/statements/{code}", json={"text": text},
                            headers={"X-CSRF-Token": csrf})
        assert answer.status_code == status
    with app.app_context():
        assert statements.templates()["spam"] == "Ours."
        assert statements.templates()["off_topic"] == statements.DEFAULTS["off_topic"]


def test_decisions_in_the_console_name_the_person_tokens_still_the_token(app, client, api):
    account_id, _ = make_account(app)
    csrf = sign_in_client(client)
    first = api.post_comment().get_json()["id"]
    second = api.post_comment(body="Another comment on the bridge.").get_json()["id"]
    answer = client.post(f"/console/api/comments/{first}/reject", headers={"X-CSRF-Token": csrf},
                         json={"reason_code": "off_topic", "reason_text": "Not about it."})
    assert answer.status_code == 200 and answer.get_json()["comment"]["status"] == "rejected"
    token = make_token(app, name="ci-bot")
    assert Mod(client, token).post(f"/comments/{second}/spam").status_code == 200
    entries = {e.comment_id: e for e in stored(app, AuditEntry) if e.comment_id}
    person, machine = entries[first], entries[second]
    assert (person.actor, person.account_id, person.token_id) == (MODERATOR, account_id, None)
    assert (person.reason_code, person.reason_text) == ("off_topic", "Not about it.")
    assert (machine.actor, machine.account_id) == ("ci-bot", None)
    assert machine.token_id is not None
    audit = Mod(client, token).get("/audit", actor=MODERATOR).get_json()["items"]
    assert [(e["comment"], e["account"]) for e in audit] == [(first, account_id)]


@pytest.mark.parametrize("query", ["queue=bogus", "score_min=2", "status=spam", "limit=0",
                                   "ip=not-an-address", "sort=sideways", "from=yesterday"])
def test_queue_calls_refuse_bad_filters(app, client, query):
    make_account(app)
    sign_in_client(client)
    response = client.get(f"/console/api/queue?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "validation_failed"


def test_queues_count_and_list_what_waits(app, client, api):
    make_account(app)
    sign_in_client(client)
    ids = [api.post_comment(body=f"Comment number {n} on the bridge.").get_json()["id"]
           for n in range(3)]
    report(app, ids[1], "child_safety", "Names a pupil.")
    report(app, ids[2], "spam")
    page = client.get("/console/api/queue?queue=urgent").get_json()
    assert [c["id"] for c in page["items"]] == [ids[1], ids[2]]
    assert page["counts"] == {"urgent": 2, "held": 0, "spam": 0, "reported": 2,
                              "approved": 3, "rejected": 0, "all": 3}
    assert page["items"][0]["reports"][0]["text"] == "Names a pupil."
    narrowed = client.get("/console/api/queue?queue=all&q=number%201").get_json()
    assert [c["id"] for c in narrowed["items"]] == [ids[1]]
    oldest = client.get("/console/api/queue?queue=all&sort=oldest").get_json()
    assert [c["id"] for c in oldest["items"]] == ids


def test_a_ban_from_the_console_is_stored_with_its_author(app, client, api):
    make_account(app)
    csrf = sign_in_client(client)
    comment = api.post_comment(ip="203.0.113.50").get_json()["id"]
    for body, status in (({"kind": "ip", "value": "203.0.113.0/24", "note": "flood"}, 201),
                         ({"kind": "ip", "value": "not a network"}, 400),
                         ({"kind": "planet", "value": "mars"}, 400),
                         ({"kind": "email", "value": "a@b.example",
                           "expires_at": "2001-01-01T00:00:00Z"}, 400)):
        answer = client.post("/console/api/bans", json=body, headers={"X-CSRF-Token": csrf})
        assert answer.status_code == status
    [ban] = stored(app, Ban)
    assert (ban.value, ban.actor, ban.token_id) == ("203.0.113.0/24", MODERATOR, None)
    panel = client.get(f"/console/api/comments/{comment}/author").get_json()
    assert [b["value"] for b in panel["bans"]] == ["203.0.113.0/24"]
    assert [c["id"] for c in panel["by_ip"]] == [comment]
    assert panel["statuses"] == {"approved": 1}


def test_pages_speak_french_when_asked(app, client):
    page = client.get("/console/signin", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert '<html lang="fr">' in page.text and "Mot de passe" in page.text
    chosen = client.get("/console/signin?lang=en", headers={"Accept-Language": "fr"})
    assert "Password" in chosen.text
    assert "Password" in client.get("/console/signin", headers={"Accept-Language": "fr"}).text
