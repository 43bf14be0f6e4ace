"""Request ids and one-line logs, text by default and JSON on request."""

import json
import re

import pytest

from service import create_app
from service.logs import REQUEST_ID_MAX


def test_a_usable_incoming_request_id_is_kept(client):
    sent = "3f2a9c1e-6a1b-4c55-9f1d-0c8e2b7a1d42"
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == sent


@pytest.mark.parametrize(("sent", "kept"), [
    ('abc"def\x01 <x>', "abcdefx"),
    ("Root=1-5759e988;Parent=53995c3f", "Root=1-5759e988;Parent=53995c3f"),
    ("a" * 500, "a" * REQUEST_ID_MAX),
])
def test_incoming_request_ids_are_cleaned_and_bounded(client, sent, kept):
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert response.headers["X-Request-ID"] == kept


@pytest.mark.parametrize("sent", [None, "", '"" <>'])
def test_missing_or_unusable_request_ids_are_generated(client, sent):
    headers = {"X-Request-ID": sent} if sent is not None else {}
    first = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    second = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_errors_and_refusals_carry_the_request_id_too(make_app):
    app = make_app({"RATELIMIT_READS": "1/minute"})
    client = app.test_client()
    missing = client.get("/no/such/page", headers={"X-Request-ID": "req-404"})
    assert missing.status_code == 404
    assert missing.headers["X-Request-ID"] == "req-404"
    client.get("/api/v1/counts?thread=a")
    limited = client.get("/api/v1/counts?thread=a", headers={"X-Request-ID": "req-429"})
    assert limited.status_code == 429
    assert limited.headers["X-Request-ID"] == "req-429"


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_json_logs_give_one_object_per_line_with_the_request_id(make_app, capsys):
    app = make_app({"LOG_FORMAT": "json"})
    client = app.test_client()
    capsys.readouterr()
    response = client.get("/api/v1/comments", query_string={"thread": "/news/a"},
                          headers={"X-Request-ID": "json-1"})
    assert response.status_code == 200
    lines = _json_lines(capsys.readouterr().err)  # every line must parse as JSON
    access = [e for e in lines if e["logger"] == "service.access"]
    assert len(access) == 1
    entry = access[0]
    assert entry["request_id"] == "json-1"
    assert entry["endpoint"] == "api.public.list_comments"
    assert entry["status"] == 200
    assert entry["method"] == "GET"
    assert entry["path"] == "/api/v1/comments?thread=/news/a"
    assert entry["level"] == "INFO"
    assert isinstance(entry["duration_ms"], float)


def test_a_crash_is_logged_once_with_its_request_id_and_traceback(make_app, capsys):
    app = make_app({"LOG_FORMAT": "json"})

    def boom():
        raise RuntimeError("kaboom")

    app.add_url_rule("/boom", view_func=boom)
    capsys.readouterr()
    response = app.test_client().get("/boom", headers={"X-Request-ID": "crash-1"})
    assert response.status_code == 500
    assert response.json["error"]["code"] == "internal_error"
    lines = _json_lines(capsys.readouterr().err)
    errors = [e for e in lines if e["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == "crash-1"
    assert "RuntimeError: kaboom" in errors[0]["exception"]
    assert [e["status"] for e in lines if e["logger"] == "service.access"] == [500]


def test_text_logs_stay_on_one_line_even_with_newlines_in_the_path(client, capsys):
    capsys.readouterr()
    client.get("/forged%0A2026-01-01 INFO fake line", headers={"X-Request-ID": "text-1"})
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "service.access" in line]
    assert len(lines) == 1
    assert "[text-1]" in lines[0]
    assert "/forged\\n2026-01-01 INFO fake line 404" in lines[0]
    assert "endpoint=None" in lines[0]
    assert not any(line.startswith("2026-01-01 INFO fake") for line in err.splitlines())


@pytest.mark.parametrize("fmt", ["xml", "JSON", ""])
def test_unknown_log_formats_are_refused(tmp_path, fmt):
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        create_app({"LOG_FORMAT": fmt}, instance_path=str(tmp_path))


@pytest.mark.parametrize("query", [
    {"email": "Alice.Smith@example.com", "ip": "198.51.100.23", "status": "pending"},
    {"em%61il": "x"},  # written percent-encoded: still the email filter
])
def test_the_queue_filters_personal_values_are_not_logged(make_app, capsys, query):
    from tests.moderation_helpers import bearer, make_token

    app = make_app({"LOG_FORMAT": "json"})
    headers = bearer(make_token(app))
    raw = "&".join(f"{k}={v}" for k, v in query.items())
    capsys.readouterr()
    response = app.test_client().get(f"/api/v1/moderation/comments?{raw}", headers=headers)
    assert response.status_code == 200
    err = capsys.readouterr().err
    [entry] = [e for e in _json_lines(err) if e["logger"] == "service.access"]
    assert "Alice" not in err and "198.51.100.23" not in err
    expected = {k: "pending" if k == "status" else "redacted" for k in query}
    assert entry["path"] == "/api/v1/moderation/comments?" + "&".join(
        f"{k}={v}" for k, v in expected.items())


def test_redaction_leaves_other_parameters_as_sent():
    from service.logs import redacted

    assert redacted("/q?thread=%2Fa&IP=1.2.3.4&x") == "/q?thread=%2Fa&IP=redacted&x"
    assert redacted("/q") == "/q" and redacted("/q?") == "/q?"
