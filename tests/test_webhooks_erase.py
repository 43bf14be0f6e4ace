"""Erasing a person's data reaches the webhook messages already stored about their comments."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from standardwebhooks import Webhook

from service.extensions import db
from service.models import MessageStatus, WebhookMessage
from tests.helpers.webhooks import add_endpoint, admin_headers, drain, rows

ANN = {"author": "Annabel Quill", "email": "annabel@example.com",
       "website": "https://annabel.example/blog"}
BOB = {"author": "Bob Stone", "email": "bob@example.com"}
EVENTS = ["comment.created", "comment.reported", "comment.deleted"]


def post(client, body: str, **person) -> int:
    response = client.post("/api/v1/comments", environ_base={"REMOTE_ADDR": "192.0.2.7"},
                           headers={"User-Agent": "AnnsBrowser/1.0"},
                           json={"thread": "/news/harbour", "body": body, **person})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def traces(text: str, *needles: str) -> list[str]:
    return [n for n in needles if n in text]


@pytest.mark.parametrize("mode", ["anonymise", "remove"])
def test_erase_rewrites_stored_and_pending_payloads(hook_app, receiver, mode):
    client = hook_app.test_client()
    admin = admin_headers(hook_app)
    personal = add_endpoint(client, admin, receiver.url, events=EVENTS,
                            include_personal_data=True)
    add_endpoint(client, admin, receiver.url + "/plain", events=EVENTS)
    first = post(client, "Annabel's first words on the harbour.", **ANN)
    bob = post(client, "Bob's view of the harbour.", **BOB)
    drain(hook_app)
    assert len(receiver.wait_for(4)) == 4
    # Queued but not yet sent when the erase comes.
    second = post(client, "Annabel's second, later words.", **ANN)
    reported = client.post(f"/api/v1/comments/{second}/reports",
                           environ_base={"REMOTE_ADDR": "192.0.2.8"},
                           json={"category": "other", "text": "Annabel again"})
    assert reported.status_code == 201
    stored = {m.comment_id for m in rows(hook_app, WebhookMessage)}
    assert stored == {first, bob, second}
    before = [m.payload for m in rows(hook_app, WebhookMessage) if m.comment_id != bob]
    assert all(traces(p, ANN["author"]) for p in before)

    erased = client.post("/api/v1/moderation/personal-data/erase", headers=admin,
                         json={"email": ANN["email"], "comments": mode})
    assert erased.status_code == 200, erased.get_json()

    ann_texts = ("Annabel's first words", "Annabel's second", "Annabel again")
    personal_bits = (ANN["author"], ANN["email"], "annabel.example", "192.0.2.7",
                     "AnnsBrowser")
    messages = rows(hook_app, WebhookMessage)
    for message in messages:
        if message.comment_id == bob:
            assert traces(message.payload, BOB["author"], BOB["email"])
            continue
        assert traces(message.payload, *personal_bits) == [], message.payload
        texts = traces(message.payload, *ann_texts)
        if mode == "remove":
            assert texts == [], message.payload
        data = json.loads(message.payload)["data"]
        assert data["comment"]["author"] == "[erased]"
        assert data["comment"]["website"] is None and data["comment"]["spam"]["reasons"] == []
    if mode == "anonymise":
        # The text stays, as it does on the comment itself.
        assert any(traces(m.payload, "Annabel's first words") for m in messages)
    else:
        deleted = [m for m in messages if m.event_type == "comment.deleted"]
        assert {m.comment_id for m in deleted} == {first, second}
    pending = [m for m in messages if m.status is MessageStatus.PENDING]
    assert pending and {m.comment_id for m in pending} == {second} | (
        {first} if mode == "remove" else set())

    # The queued messages go out with the rewritten body, signed over it.
    drain(hook_app)
    sent = receiver.wait_for(4 + len(pending))
    assert len(sent) == 4 + len(pending)
    for request in sent[4:]:
        assert traces(request.body.decode(), *personal_bits) == []
        if mode == "remove":
            assert traces(request.body.decode(), *ann_texts) == []
        if request.path == "/hook":
            Webhook(personal["secret"]).verify(request.body, request.headers)
    assert {m.status for m in rows(hook_app, WebhookMessage)} == {MessageStatus.DELIVERED}

    # A replay of a message delivered before the erase sends the redacted body too.
    [old] = [m for m in messages if m.comment_id == first and m.event_type == "comment.created"
             and m.endpoint_id == personal["id"]]
    replayed = client.post(f"/api/v1/webhooks/{personal['id']}/messages/{old.id}/replay",
                           headers=admin)
    assert replayed.status_code == 202
    drain(hook_app)
    last = receiver.wait_for(len(sent) + 1)[-1]
    assert last.id == old.msg_id
    assert traces(last.body.decode(), *personal_bits) == []
    assert json.loads(last.body)["data"]["comment"]["email"] == ""


def test_erase_of_someone_without_messages_rewrites_nothing(hook_app, receiver):
    client = hook_app.test_client()
    admin = admin_headers(hook_app)
    add_endpoint(client, admin, receiver.url, include_personal_data=True)
    post(client, "Bob's view of the harbour.", **BOB)
    before = [(m.id, m.payload) for m in rows(hook_app, WebhookMessage)]
    erased = client.post("/api/v1/moderation/personal-data/erase", headers=admin,
                         json={"email": ANN["email"], "comments": "remove"})
    assert erased.status_code == 200 and erased.get_json()["comments"] == 0
    assert [(m.id, m.payload) for m in rows(hook_app, WebhookMessage)] == before


def test_test_messages_carry_no_comment(hook_app, receiver):
    client = hook_app.test_client()
    admin = admin_headers(hook_app)
    endpoint = add_endpoint(client, admin, receiver.url)
    sent = client.post(f"/api/v1/webhooks/{endpoint['id']}/test", headers=admin)
    assert sent.status_code == 202
    with hook_app.app_context():
        assert db.session.execute(sa.select(WebhookMessage.comment_id)).scalars().all() == [None]
