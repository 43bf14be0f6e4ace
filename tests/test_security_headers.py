"""Security headers on every page, file and API answer the service sends."""

import pytest

from service import security

API_ANSWERS = [
    ("get", "/api/v1/comments?thread=/news/a", 200),
    ("get", "/api/v1/counts?thread=/news/a", 200),
    ("get", "/api/v1/openapi.json", 200),
    ("get", "/healthz", 200),
    ("get", "/api/v1/no-such-thing", 404),
    ("delete", "/api/v1/comments", 405),
    ("post", "/api/v1/comments", 415),
    ("get", "/api/v1/comments?thread=/news/a&limit=-1", 400),
]
PAGES = [("get", "/", 200)]
ASSETS = [("get", "/widget/embed.js", 200), ("get", "/widget/embed.css", 200),
          ("get", "/widget/count.js", 200), ("get", "/static/demo.css", 200),
          ("get", "/widget/nothing.js", 404)]


@pytest.mark.parametrize("method, path, status", API_ANSWERS + PAGES + ASSETS)
def test_every_answer_is_nosniff_with_a_referrer_policy(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == security.REFERRER_POLICY


@pytest.mark.parametrize("method, path, status", PAGES)
def test_pages_carry_a_content_security_policy_and_frame_protection(client, method, path,
                                                                    status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    policy = dict(part.strip().split(" ", 1)
                  for part in response.headers["Content-Security-Policy"].split(";"))
    assert "'unsafe-inline'" not in policy.get("script-src", policy["default-src"])
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] in ("'self'", "'none'")
    assert response.headers["X-Frame-Options"] in ("SAMEORIGIN", "DENY")


@pytest.mark.parametrize("method, path, status", API_ANSWERS)
def test_api_answers_can_be_used_cross_origin(client, method, path, status):
    response = getattr(client, method)(path, headers={"Origin": "https://news.example.org"})
    assert response.status_code == status
    assert "X-Frame-Options" not in response.headers
    assert response.mimetype == "application/json"
