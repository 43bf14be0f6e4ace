"""Reply notifications: asked for with a comment, confirmed by the reader, throttled,
unsubscribed in one click; through the public API and a real SMTP server."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import itsdangerous
import pytest
import sqlalchemy as sa

from service.extensions import db
from service.mail import sender
from service.models import Comment, utcnow
from service.models.mail import (
    MailAddress,
    MailMessage,
    MailNotice,
    MailStatus,
    MailSubscription,
)
from tests.helpers.app import API
from tests.helpers.mail import LINK, PUBLIC_URL, deliver, html_of, link_path, mail_config, messages
from tests.helpers.mail import text_of as text
from tests.helpers.moderation import Mod, make_token

ARTICLE = "https://courier.example/news/harbour-bridge"
ANN = "Ann.Reader@Example.com"
# As stored and written to: email-validator lower-cases the domain only.
ANN_AS_WRITTEN = "Ann.Reader@example.com"
BOB = "bob.replier@example.net"


@pytest.fixture
def api(mail_app):
    return API(mail_app, mail_app.test_client())


def ask(api, email: str = ANN, **fields) -> int:
    """Post a comment asking for replies; return its id."""
    answer = api.post_comment(email=email, notify_replies=True, url=ARTICLE,
                              title="Harbour Bridge to close", **fields)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def reply(api, parent: int, email: str = BOB, author: str = "Bob", body: str = "I disagree.",
          **fields):
    answer = api.post_comment(email=email, author=author, body=body, parent=parent,
                              url=ARTICLE, **fields)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def confirm(app, smtp) -> None:
    """Follow the confirmation link of the latest message, as its reader would."""
    deliver(app)
    path = link_path(smtp.received[-1].message)
    assert app.test_client().post(path).status_code == 200


def rows(app, model):
    with app.app_context():
        found = list(db.session.execute(sa.select(model)).scalars())
        db.session.expunge_all()
        return found


@pytest.mark.parametrize(("field", "value"), [
    ("notify_replies", "true"), ("notify_replies", 1), ("notify_replies", "yes"),
    ("notify_replies", None), ("notify_replies", []), ("notify_replies", {"on": True}),
    ("lang", "english please"), ("lang", "x"), ("lang", "fr-" + "a" * 40), ("lang", 5),
])
def test_a_bad_field_is_refused_and_nothing_is_stored(api, mail_app, field, value):
    answer = api.post_comment(**{field: value})
    assert answer.status_code == 400
    assert field in answer.json["error"]["fields"]
    assert rows(mail_app, Comment) == [] and rows(mail_app, MailSubscription) == []
    assert messages(mail_app) == []


def test_without_the_box_nothing_is_stored_or_sent(api, mail_app, smtp):
    answer = api.post_comment(email=ANN)
    assert answer.status_code == 201
    reply(api, answer.json["id"])
    assert deliver(mail_app) == 0
    assert rows(mail_app, MailSubscription) == [] and smtp.received == []


def test_double_opt_in_then_a_reply_is_announced(api, mail_app, smtp):
    parent = ask(api)
    [sub] = rows(mail_app, MailSubscription)
    assert sub.email_key == ANN.lower() and sub.locale == "en"
    deliver(mail_app)
    [confirmation] = smtp.received
    assert confirmation.rcpt_tos == [ANN_AS_WRITTEN]
    assert "Confirm your email address" in confirmation.message["Subject"]

    # Before the link is followed, a reply sends nothing.
    early = reply(api, parent, body="Posted before the confirmation.")
    assert deliver(mail_app) == 0 and len(smtp.received) == 1

    path = link_path(confirmation.message)
    client = mail_app.test_client()
    shown = client.get(path)  # what a mail scanner does: it must confirm nothing
    assert shown.status_code == 200 and b"<form method=\"post\"" in shown.data
    assert rows(mail_app, MailAddress)[0].confirmed_at is None
    assert client.post(path).status_code == 200
    assert rows(mail_app, MailAddress)[0].confirmed_at is not None
    # Used once; the second time says so, and changes nothing.
    again = client.post(path)
    assert again.status_code == 410 and b"Already confirmed" in again.data

    later = reply(api, parent, body="Posted after the confirmation.")
    deliver(mail_app)
    assert len(smtp.received) == 2
    got = smtp.received[-1]
    email = got.message
    assert got.rcpt_tos == [ANN_AS_WRITTEN]
    assert email["Subject"] == "Bob replied to your comment on “Harbour Bridge to close”"
    assert email["From"] == "Port Ellery Courier <comments@courier.example>"
    assert "Posted after the confirmation." in text(email)
    assert "Posted before" not in text(email)
    assert f"{ARTICLE}#margin-comment-{later}" in text(email)
    assert f"#margin-comment-{later}" in html_of(email)
    assert early != later
    # The replier's address appears nowhere in what the reader gets.
    assert BOB.encode() not in got.raw.lower()


def test_every_reply_message_carries_a_one_click_unsubscribe(api, mail_app, smtp):
    parent = ask(api)
    confirm(mail_app, smtp)
    reply(api, parent)
    deliver(mail_app)
    got = smtp.received[-1]
    header = got.message["List-Unsubscribe"]
    assert header.startswith(f"<{PUBLIC_URL}/mail/unsubscribe/") and header.endswith(">")
    assert got.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # On the wire, unfolded and unencoded, so mail providers can read it.
    assert f"\r\nList-Unsubscribe: {header}\r\n".encode() in got.raw
    assert got.message.get_content_type() == "multipart/alternative"

    # RFC 8058: the provider POSTs the body below, without cookies or a CSRF token.
    client = mail_app.test_client()
    path = header[1:-1].removeprefix(PUBLIC_URL)
    done = client.post(path, data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and b"Unsubscribed" in done.data
    assert rows(mail_app, MailSubscription) == []
    assert client.post(path, data="List-Unsubscribe=One-Click").status_code == 410

    reply(api, parent, body="Nobody hears about this one.")
    assert deliver(mail_app) == 0 and len(smtp.received) == 2


def test_the_unsubscribe_link_asks_then_stops_one_thread_only(api, mail_app, smtp):
    first = ask(api)
    second = ask(api, thread="/news/other-story")
    confirm(mail_app, smtp)
    reply(api, first)
    deliver(mail_app)
    path = link_path(smtp.received[-1].message, "unsubscribe")
    client = mail_app.test_client()
    page = client.get(path)
    assert page.status_code == 200 and b"Stop emails about this article" in page.data
    assert len(rows(mail_app, MailSubscription)) == 2  # a GET changes nothing
    assert client.post(path).status_code == 200
    [left] = rows(mail_app, MailSubscription)
    reply(api, second, thread="/news/other-story", body="On the other story.")
    deliver(mail_app)
    assert "On the other story." in text(smtp.received[-1].message)
    assert left.thread_id != rows(mail_app, Comment)[0].thread_id


def test_unsubscribing_from_everything_needs_a_new_confirmation(api, mail_app, smtp):
    parent = ask(api)
    confirm(mail_app, smtp)
    reply(api, parent)
    deliver(mail_app)
    every = [p for p in LINK.findall(text(smtp.received[-1].message))
             if "unsubscribe" in p][-1]
    client = mail_app.test_client()
    assert b"Stop all emails" in client.get(every).data
    assert client.post(every).status_code == 200
    assert rows(mail_app, MailSubscription) == []
    assert rows(mail_app, MailAddress)[0].confirmed_at is None
    # Ticking the box again starts over with a confirmation.
    ask(api, body="Back again.")
    deliver(mail_app)
    assert "Confirm your email address" in smtp.received[-1].message["Subject"]


def test_a_held_reply_is_announced_only_once_a_moderator_approves_it(make_app, smtp):
    app = make_app(mail_config(smtp, PREMODERATION="all"))
    api = API(app, app.test_client())
    mod = Mod(app.test_client(), make_token(app))
    parent = ask(api)
    assert mod.post(f"/comments/{parent}/approve").status_code == 200
    confirm(app, smtp)
    held = reply(api, parent, body="Waiting for a moderator.")
    rejected = reply(api, parent, body="Never published.")
    assert deliver(app) == 0
    assert mod.post(f"/comments/{rejected}/reject").status_code == 200
    assert mod.post(f"/comments/{rejected}/spam").status_code == 200
    deliver(app)
    # The replier gets the statements of reasons of those decisions; the reader nothing.
    assert [r.rcpt_tos for r in smtp.received[1:]] == [[BOB], [BOB]]
    assert mod.post(f"/comments/{held}/approve").status_code == 200
    deliver(app)
    assert "Waiting for a moderator." in text(smtp.received[-1].message)
    assert "Never published." not in text(smtp.received[-1].message)
    # Removed and approved again: announced once only.
    assert mod.post(f"/comments/{held}/delete").status_code == 200
    assert mod.post(f"/comments/{held}/restore").status_code == 200
    mod.post(f"/comments/{held}/approve")
    deliver(app)
    assert len([r for r in smtp.received if r.rcpt_tos != [BOB]]) == 2


def test_nobody_hears_about_their_own_reply(api, mail_app, smtp):
    parent = ask(api)
    confirm(mail_app, smtp)
    reply(api, parent, email=ANN.upper(), author="Ann", body="Answering myself.")
    assert deliver(mail_app) == 0
    assert rows(mail_app, MailNotice) == []


def test_replies_are_throttled_and_then_come_together(api, mail_app, smtp):
    parent = ask(api)
    confirm(mail_app, smtp)
    reply(api, parent, body="First reply.")
    reply(api, parent, author="Cleo", email="cleo@example.org", body="Second reply.")
    reply(api, parent, author="Dan", email="dan@example.org", body="Third reply.")
    deliver(mail_app)
    assert len(smtp.received) == 2
    assert "First reply." in text(smtp.received[-1].message)
    job = sender.Job(mail_app)
    assert job("w1", now=utcnow() + timedelta(minutes=29)) == 0
    assert len(smtp.received) == 2
    assert job("w1", now=utcnow() + timedelta(minutes=31)) == 1
    digest = smtp.received[-1].message
    assert digest["Subject"] == "2 new replies to your comment on “Harbour Bridge to close”"
    assert "Second reply." in text(digest) and "Third reply." in text(digest)
    assert "First reply." not in text(digest)
    assert job("w1", now=utcnow() + timedelta(minutes=62)) == 0


def test_a_reply_removed_before_sending_is_left_out(make_app, smtp):
    app = make_app(mail_config(smtp))
    api = API(app, app.test_client())
    mod = Mod(app.test_client(), make_token(app))
    parent = ask(api)
    confirm(app, smtp)
    gone = reply(api, parent, body="Removed before the worker ran.")
    assert mod.post(f"/comments/{gone}/delete").status_code == 200
    deliver(app)
    # Only the replier's statement of reasons for the deletion went out.
    assert [r.rcpt_tos for r in smtp.received[1:]] == [[BOB]]
    assert [m.status for m in messages(app) if m.kind == "reply"] == [MailStatus.CANCELLED]


def test_one_confirmation_a_day_however_often_the_box_is_ticked(api, mail_app, smtp):
    ask(api)
    ask(api, body="A second comment.")
    ask(api, email=ANN.lower(), body="A third, lower-cased.")
    deliver(mail_app)
    assert len(smtp.received) == 1
    assert len(rows(mail_app, MailAddress)) == 1


def test_spam_asks_for_nothing(api, mail_app, smtp):
    answer = api.post_comment(email=ANN, notify_replies=True, hp="http://buy.example")
    assert answer.status_code == 201
    assert rows(mail_app, MailSubscription) == [] and deliver(mail_app) == 0


def test_french_pages_get_french_mail(api, mail_app, smtp):
    parent = ask(api, lang="fr-CA")
    deliver(mail_app)
    confirmation = smtp.received[-1].message
    assert confirmation["Subject"].startswith("Confirmez votre adresse")
    page = mail_app.test_client().get(link_path(confirmation))
    assert b'lang="fr"' in page.data and b"Confirmer mon adresse" in page.data
    mail_app.test_client().post(link_path(confirmation))
    reply(api, parent)
    deliver(mail_app)
    email = smtp.received[-1].message
    assert email["Subject"] == "Bob a répondu à votre commentaire sur « Harbour Bridge to close »"
    assert "Lire et répondre" in text(email) and 'lang="fr"' in html_of(email)


def test_forged_links_get_a_clear_page(api, mail_app, smtp):
    ask(api)
    deliver(mail_app)
    path = link_path(smtp.received[-1].message)
    client = mail_app.test_client()
    token = path.rsplit("/", 1)[1]
    for forged in (f"/mail/confirm/{token[:-3]}abc", "/mail/confirm/nonsense",
                   f"/mail/unsubscribe/{token}"):  # a confirm token is no unsubscribe one
        for answer in (client.get(forged), client.post(forged)):
            assert answer.status_code == 400, forged
            assert b"This link is not valid" in answer.data
            assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert rows(mail_app, MailAddress)[0].confirmed_at is None
    assert client.get("/static/mail.css").status_code == 200


def test_an_expired_confirmation_link_gets_a_clear_page(api, mail_app, smtp, monkeypatch):
    eight_days_ago = int(time.time()) - 8 * 86_400
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp",
                        lambda self: eight_days_ago)
    ask(api)
    deliver(mail_app)
    monkeypatch.undo()
    answer = mail_app.test_client().post(link_path(smtp.received[-1].message))
    assert answer.status_code == 410 and b"This link has expired" in answer.data
    assert rows(mail_app, MailAddress)[0].confirmed_at is None


def test_a_newer_confirmation_replaces_the_old_link(api, mail_app, smtp):
    ask(api)
    deliver(mail_app)
    old = link_path(smtp.received[-1].message)
    with mail_app.app_context():
        address = db.session.execute(sa.select(MailAddress)).scalar_one()
        address.confirm_sent_at = utcnow() - timedelta(days=2)
        db.session.commit()
    ask(api, body="Asking again two days later.")
    deliver(mail_app)
    new = link_path(smtp.received[-1].message)
    client = mail_app.test_client()
    assert client.post(old).status_code == 410
    assert client.post(new).status_code == 200


def test_pruning_old_messages_announces_nothing_again(api, mail_app, smtp):
    parent = ask(api)
    confirm(mail_app, smtp)
    reply(api, parent)
    deliver(mail_app)
    with mail_app.app_context():
        db.session.execute(sa.update(MailMessage).values(
            created_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    job = sender.Job(mail_app)
    assert job.prune_if_due() == 2
    assert rows(mail_app, MailNotice) == []
    assert job("w1", now=utcnow() + timedelta(hours=1)) == 0
    assert len(smtp.received) == 2


def test_links_name_no_address(api, mail_app, smtp):
    parent = ask(api)
    confirm(mail_app, smtp)
    reply(api, parent)
    deliver(mail_app)
    paths = [link_path(smtp.received[0].message),
             *LINK.findall(text(smtp.received[-1].message))]
    assert len(paths) == 3
    for path in paths:
        payload = path.rsplit("/", 1)[1].split(".")[0]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        # Signed is not secret, and paths are logged: an id, never the address.
        assert b"@" not in decoded and b"ann" not in decoded.lower()
