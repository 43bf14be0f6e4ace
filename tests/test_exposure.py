"""What a production server leaves closed: CORS beyond the public API, the demo page."""

from __future__ import annotations

import pytest

from tests.moderation_helpers import bearer, make_token

ORIGIN = "https://evil.example"


@pytest.mark.parametrize("path", [
    "/api/v1/moderation/comments", "/api/v1/moderation/audit", "/api/v1/moderation/tokens",
    "/api/v1/webhooks", "/api/v1/moderation/personal-data/export",
])
def test_staff_apis_answer_no_cors_to_any_origin(app, client, path):
    preflight = client.options(path, headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"})
    assert not any(h.lower().startswith("access-control-") for h, _ in preflight.headers)
    answer = client.get(path, headers={"Origin": ORIGIN, **bearer(make_token(app))})
    assert answer.status_code in (200, 403, 405)
    assert "Access-Control-Allow-Origin" not in answer.headers


@pytest.mark.parametrize("path", ["/api/v1/comments?thread=/a", "/api/v1/counts?thread=/a",
                                  "/api/v1/openapi.json", "/api/v1/comments/1/reports"])
def test_the_public_api_keeps_its_cors(client, path):
    answer = client.options(path, headers={"Origin": ORIGIN,
                                           "Access-Control-Request-Method": "POST"})
    assert answer.headers["Access-Control-Allow-Origin"] in ("*", ORIGIN)


@pytest.mark.parametrize(("setting", "status"), [(True, 200), (False, 404)])
def test_the_demo_page_can_be_turned_off(make_app, setting, status):
    client = make_app({"DEMO_PAGE": setting}).test_client()
    answer = client.get("/")
    assert answer.status_code == status
    if not setting:
        assert answer.get_json()["error"]["code"] == "not_found"
    # The widget's files stay: article pages load them.
    assert client.get("/widget/embed.js").status_code == 200
