"""Webhook payloads carry the abuse screening as moderators see it; an erase takes its reasons."""

from __future__ import annotations

import json

import pytest

from service.models import Comment, WebhookMessage
from tests.helpers.webhooks import FAST, add_endpoint, admin_headers, drain, rows

ANN = {"author": "Ann Reader", "email": "ann@example.com"}


@pytest.fixture
def hook_app(make_app):
    """Return a webhook app that holds comments at the default abuse thresholds."""
    return make_app({**FAST, "ABUSE_THRESHOLD": 0.5, "ABUSE_THRESHOLD_FR": 0.5})


def post(client, body: str) -> int:
    response = client.post("/api/v1/comments", environ_base={"REMOTE_ADDR": "192.0.2.7"},
                           json={"thread": "/news/harbour", "body": body, **ANN})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_created_payloads_carry_score_reasons_and_hold(hook_app, receiver):
    client = hook_app.test_client()
    add_endpoint(client, admin_headers(hook_app), receiver.url)
    held = post(client, "I will kill you, you worthless idiot.")
    calm = post(client, "The harbour bridge reopens on Monday, the council says.")
    drain(hook_app)
    got = {r.json["data"]["comment"]["id"]: r.json["data"]["comment"]
           for r in receiver.wait_for(2)}
    stored = {c.id: c for c in rows(hook_app, Comment)}
    abusive = got[held]["abuse"]
    assert abusive["held"] == "harassment" and got[held]["status"] == "pending"
    assert abusive["score"] == stored[held].abuse_score >= 0.5
    assert abusive["reasons"] == stored[held].abuse_reasons
    assert any(r["code"] == "threat" and "kill you" in r["message"]
               for r in abusive["reasons"])
    ordinary = got[calm]["abuse"]
    assert ordinary["held"] is None and ordinary["score"] < 0.5
    assert got[calm]["status"] == "approved"


def test_an_erase_empties_the_abuse_reasons_of_stored_payloads(hook_app, receiver):
    client = hook_app.test_client()
    admin = admin_headers(hook_app)
    add_endpoint(client, admin, receiver.url)
    held = post(client, "You worthless idiot, go fuck yourself.")
    before = json.loads(rows(hook_app, WebhookMessage)[0].payload)["data"]["comment"]
    assert before["abuse"]["reasons"]
    erased = client.post("/api/v1/moderation/personal-data/erase", headers=admin,
                         json={"email": ANN["email"], "comments": "remove"})
    assert erased.status_code == 200, erased.get_json()
    (message,) = [m for m in rows(hook_app, WebhookMessage) if m.comment_id == held]
    after = json.loads(message.payload)["data"]["comment"]
    assert after["abuse"]["reasons"] == [] and "idiot" not in message.payload
    assert after["abuse"]["score"] == before["abuse"]["score"]
