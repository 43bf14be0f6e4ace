"""Moderator tokens: the CLI, the API, the auth matrix, rate limits and last use."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

from service.models import ModeratorToken, Role
from tests.helpers.env import REDIS_URL
from tests.helpers.moderation import bearer, make_token

# Every moderation endpoint with the least role that may call it.
M = "/api/v1/moderation"
ENDPOINTS = [
    ("GET", f"{M}/tokens", Role.ADMIN),
    ("POST", f"{M}/tokens", Role.ADMIN),
    ("DELETE", f"{M}/tokens/1", Role.ADMIN),
    ("GET", f"{M}/comments", Role.MODERATOR),
    ("GET", f"{M}/comments/1", Role.MODERATOR),
    ("PATCH", f"{M}/comments/1", Role.MODERATOR),
    *[("POST", f"{M}/comments/1/{action}", Role.MODERATOR)
      for action in ("approve", "reject", "spam", "ham", "delete", "restore")],
    ("POST", f"{M}/bulk", Role.MODERATOR),
    ("GET", f"{M}/threads", Role.MODERATOR),
    ("PATCH", f"{M}/threads/1", Role.MODERATOR),
    ("GET", f"{M}/bans", Role.MODERATOR),
    ("POST", f"{M}/bans", Role.MODERATOR),
    ("DELETE", f"{M}/bans/1", Role.MODERATOR),
    ("GET", f"{M}/audit", Role.MODERATOR),
    ("GET", f"{M}/stats", Role.MODERATOR),
    ("GET", f"{M}/stats.csv", Role.MODERATOR),
    ("GET", f"{M}/appeals", Role.MODERATOR),
    ("GET", f"{M}/appeals/1", Role.MODERATOR),
    ("POST", f"{M}/appeals/1/decision", Role.MODERATOR),
    ("GET", f"{M}/flaggers", Role.ADMIN),
    ("POST", f"{M}/flaggers", Role.ADMIN),
    ("DELETE", f"{M}/flaggers/1", Role.ADMIN),
    ("POST", f"{M}/personal-data/export", Role.ADMIN),
    ("POST", f"{M}/personal-data/erase", Role.ADMIN),
]


def test_the_matrix_covers_every_moderation_route(app):
    import re

    routes = {(method, re.sub(r"<[^>]+>", "X", rule.rule))
              for rule in app.url_map.iter_rules() if rule.rule.startswith(M)
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(method, re.sub(r"/\d+(/|$)", r"/X\1", path)) for method, path, _ in ENDPOINTS}
    listed = {(m, re.sub(r"/X/(approve|reject|spam|ham|delete|restore)$", "/X/X", p))
              for m, p in listed}
    assert routes == listed


def call(client, method, path, headers=None, ip="192.0.2.50"):
    return client.open(path, method=method, headers=headers or {}, json={},
                       environ_base={"REMOTE_ADDR": ip})


def cli(app, *args):
    return CliRunner().invoke(FlaskGroup(create_app=lambda: app), list(args))


def assert_unauthorized(response):
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.fixture
def revoked(app):
    token = make_token(app, Role.ADMIN, name="gone")
    assert cli(app, "token", "revoke", "gone").exit_code == 0
    return token


BAD_HEADERS = [
    pytest.param({}, id="missing"),
    pytest.param({"Authorization": "Basic YWRtaW46YWRtaW4="}, id="basic"),
    pytest.param({"Authorization": "Bearer"}, id="empty"),
    pytest.param({"Authorization": "Bearer mgn_not-a-real-token"}, id="unknown"),
    pytest.param({"Authorization": "Bearer " + "x" * 5000}, id="huge"),
    pytest.param({"Authorization": "mgn_no-scheme"}, id="no-scheme"),
]


@pytest.mark.parametrize(("method", "path", "role"), ENDPOINTS)
@pytest.mark.parametrize("headers", BAD_HEADERS)
def test_every_endpoint_refuses_bad_credentials(client, method, path, role, headers):
    assert_unauthorized(call(client, method, path, headers))


@pytest.mark.parametrize(("method", "path", "role"), ENDPOINTS)
def test_every_endpoint_refuses_a_revoked_token(client, revoked, api, method, path, role):
    assert_unauthorized(call(client, method, path, bearer(revoked)))
    # Nothing changed: the revoked token is still the only one, still revoked.
    [row] = api.rows(ModeratorToken)
    assert row.revoked_at is not None


@pytest.mark.parametrize(("method", "path", "role"), ENDPOINTS)
def test_every_endpoint_checks_the_role(app, client, method, path, role):
    moderator = make_token(app, Role.MODERATOR)
    admin = make_token(app, Role.ADMIN)
    as_moderator = call(client, method, path, bearer(moderator))
    as_admin = call(client, method, path, bearer(admin))
    if role is Role.ADMIN:
        assert as_moderator.status_code == 403
        assert as_moderator.json["error"]["code"] == "forbidden"
    else:
        assert as_moderator.status_code not in (401, 403)
    assert as_admin.status_code not in (401, 403)


def test_cli_creates_lists_and_revokes_tokens(app, client, api):
    created = cli(app, "token", "create", "--name", "desk", "--role", "moderator")
    assert created.exit_code == 0, created.output
    plaintext = created.output.strip().splitlines()[-1]
    assert plaintext.startswith("mgn_") and len(plaintext) >= 40

    [row] = api.rows(ModeratorToken)
    assert (row.name, row.role) == ("desk", Role.MODERATOR)
    assert plaintext not in (row.token_hash, row.prefix)
    assert plaintext.startswith(row.prefix)

    listed = cli(app, "token", "list")
    assert listed.exit_code == 0
    assert "desk" in listed.output and plaintext not in listed.output

    assert cli(app, "token", "create", "--name", "desk", "--role", "admin").exit_code != 0
    assert cli(app, "token", "create", "--name", "x", "--role", "owner").exit_code != 0
    assert len(api.rows(ModeratorToken)) == 1

    # A moderator token is accepted (403 on an admin endpoint), then refused once revoked.
    assert call(client, "GET", "/api/v1/moderation/tokens", bearer(plaintext)).status_code == 403
    assert cli(app, "token", "revoke", str(row.id)).exit_code == 0
    assert_unauthorized(call(client, "GET", "/api/v1/moderation/tokens", bearer(plaintext)))
    assert "Already revoked" in cli(app, "token", "revoke", "desk").output
    assert cli(app, "token", "revoke", "nobody").exit_code != 0


def test_admin_manages_tokens_over_the_api(app, client, api):
    admin = make_token(app, Role.ADMIN, name="root")
    created = client.post("/api/v1/moderation/tokens", headers=bearer(admin),
                          json={"name": "night desk", "role": "moderator"})
    assert created.status_code == 201
    body = created.json
    assert body["name"] == "night desk" and body["role"] == "moderator"
    assert body["token"].startswith(body["prefix"])
    assert "token_hash" not in body

    listed = client.get("/api/v1/moderation/tokens", headers=bearer(admin))
    assert listed.status_code == 200
    assert [t["name"] for t in listed.json["items"]] == ["root", "night desk"]
    assert all("token" not in t and "token_hash" not in t for t in listed.json["items"])

    revoked = client.delete(f"/api/v1/moderation/tokens/{body['id']}", headers=bearer(admin))
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    again = client.delete(f"/api/v1/moderation/tokens/{body['id']}", headers=bearer(admin))
    assert again.status_code == 200 and again.json["revoked_at"] == revoked.json["revoked_at"]
    assert client.delete("/api/v1/moderation/tokens/999", headers=bearer(admin)).status_code \
        == 404
    assert_unauthorized(client.get("/api/v1/moderation/tokens", headers=bearer(body["token"])))
    rows = api.rows(ModeratorToken)
    assert [(r.name, r.revoked_at is None) for r in rows] == [("root", True),
                                                             ("night desk", False)]


@pytest.mark.parametrize("payload", [
    {}, {"name": "a"}, {"role": "admin"}, {"name": "", "role": "admin"},
    {"name": "a", "role": "owner"}, {"name": "a" * 101, "role": "admin"},
    {"name": "a", "role": "admin", "extra": 1}, {"name": 5, "role": "admin"},
])
def test_token_creation_rejects_bad_input(app, client, api, payload):
    admin = make_token(app, Role.ADMIN, name="root")
    response = client.post("/api/v1/moderation/tokens", headers=bearer(admin), json=payload)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_failed"
    assert [r.name for r in api.rows(ModeratorToken)] == ["root"]


def test_last_use_is_recorded_at_most_once_a_minute(app, client, api):
    admin = make_token(app, Role.ADMIN, name="root")
    [before] = api.rows(ModeratorToken)
    assert before.last_used_at is None
    assert client.get("/api/v1/moderation/tokens", headers=bearer(admin)).status_code == 200
    [first] = api.rows(ModeratorToken)
    assert first.last_used_at is not None
    assert client.get("/api/v1/moderation/tokens", headers=bearer(admin)).status_code == 200
    [second] = api.rows(ModeratorToken)
    assert second.last_used_at == first.last_used_at


def test_failed_attempts_are_rate_limited_per_client(make_app):
    app = make_app({"RATELIMIT_MODERATION": "3/minute"})
    client = app.test_client()
    admin = make_token(app, Role.ADMIN, name="root")
    # Successful calls do not count against the budget.
    for _ in range(5):
        assert call(client, "GET", "/api/v1/moderation/tokens", bearer(admin)).status_code \
            == 200
    bad = bearer("mgn_guess")
    statuses = [call(client, "GET", "/api/v1/moderation/tokens", bad).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    refused = call(client, "GET", "/api/v1/moderation/tokens", bad)
    assert refused.json["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # A missing token is a failure too; another client keeps its own budget.
    assert call(client, "GET", "/api/v1/moderation/tokens").status_code == 429
    assert_unauthorized(call(client, "GET", "/api/v1/moderation/tokens", bad,
                             ip="192.0.2.51"))


@pytest.mark.parametrize("storage", ["memory://"] + ([REDIS_URL] if REDIS_URL else []))
@pytest.mark.parametrize("role, path", [
    (Role.MODERATOR, "/api/v1/moderation/comments"),
    (Role.ADMIN, "/api/v1/moderation/tokens"),
    (Role.ADMIN, "/api/v1/webhooks"),
])
def test_a_valid_token_works_after_many_failures_from_its_address(make_app, storage, role,
                                                                   path):
    # Behind a proxy every client may share one address: bad tokens from anyone there
    # must not lock staff out.
    app = make_app({"RATELIMIT_MODERATION": "20/minute;200/day",
                    "RATELIMIT_STORAGE_URI": storage})
    client = app.test_client()
    good = make_token(app, role)
    failures = [call(client, "GET", path, bearer(f"mgn_guess{n}")).status_code
                for n in range(25)]
    assert failures == [401] * 20 + [429] * 5
    assert call(client, "GET", path, bearer(good)).status_code == 200
    # Still refused for the failing ones.
    assert call(client, "GET", path, bearer("mgn_guess")).status_code == 429
