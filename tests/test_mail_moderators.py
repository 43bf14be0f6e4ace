"""Moderators' alerts and daily digest; a person's subscriptions in export and erasure."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from service.extensions import db
from service.mail import sender
from service.models import Role, utcnow
from service.models.mail import MailAddress, MailAttempt, MailDigest, MailSubscription
from tests.helpers.app import API
from tests.helpers.mail import LINK, deliver, link_path, mail_config, messages, text_of
from tests.helpers.moderation import Mod, make_token

DESK = ["desk@courier.example", "editor@courier.example"]
ANN = "ann@example.com"


@pytest.fixture
def alerting(make_app, smtp):
    """Return an app whose moderators get alerts, readers' reports hiding at two."""
    return make_app(mail_config(smtp, MAIL_MODERATOR_ALERTS=",".join(DESK),
                                REPORTS_HIDE_THRESHOLD=2))


def report(app, comment_id: int, category: str, ip: str = "198.51.100.7"):
    answer = app.test_client().post(f"/api/v1/comments/{comment_id}/reports",
                                    json={"category": category, "text": "Please look."},
                                    environ_base={"REMOTE_ADDR": ip})
    assert answer.status_code == 201, answer.json
    return answer


def posted(app, **fields) -> int:
    answer = API(app, app.test_client()).post_comment(url="https://courier.example/a",
                                                       title="Bridge", **fields)
    assert answer.status_code == 201
    return answer.json["id"]


def test_a_child_safety_report_alerts_every_moderator_at_once(alerting, smtp):
    comment = posted(alerting, body="Text that must stay out of inboxes.")
    report(alerting, comment, "child_safety")
    deliver(alerting)
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == DESK
    email = smtp.received[0].message
    assert email["Subject"] == f"Child-safety report on comment {comment} (“Bridge”)"
    assert "child-safety" in text_of(email)
    assert "Text that must stay out of inboxes." not in text_of(email)
    # Staff alerts are not a mailing list: no unsubscribe, and never a reader's address.
    assert email["List-Unsubscribe"] is None
    assert ANN.encode() not in smtp.received[0].raw


def test_a_comment_hidden_by_reports_alerts_the_moderators(alerting, smtp):
    comment = posted(alerting)
    report(alerting, comment, "harassment", ip="198.51.100.7")
    assert deliver(alerting) == 0  # one report hides nothing
    report(alerting, comment, "harassment", ip="203.0.113.9")
    deliver(alerting)
    alerts = [r for r in smtp.received if r.rcpt_tos[0] in DESK]
    assert len(alerts) == 2
    assert "hidden by readers' reports" in alerts[0].message["Subject"]
    assert "Open reports on it: 2" in text_of(alerts[0].message)
    # Hiding it restricted the comment: its author gets the statement of reasons.
    assert [r.message["Subject"].split(":")[0] for r in smtp.received
            if r.rcpt_tos[0] not in DESK] == ["Statement of reasons"]


def test_without_recipients_there_are_no_alerts(make_app, smtp):
    app = make_app(mail_config(smtp))
    report(app, posted(app), "child_safety")
    assert deliver(app) == 0 and messages(app) == []


def test_the_daily_digest_is_sent_once_when_the_queue_is_not_empty(make_app, smtp):
    app = make_app(mail_config(smtp, MAIL_MODERATOR_ALERTS=DESK, MAIL_DIGEST_HOUR=7,
                               PREMODERATION="all"))
    posted(app)
    posted(app, body="Another one waiting.")
    day = utcnow().date()
    before = datetime(day.year, day.month, day.day, 6, 59, tzinfo=utcnow().tzinfo)
    jobs = [sender.Job(app) for _ in range(3)]
    assert jobs[0]("w0", now=before) == 0
    at_seven = before + timedelta(minutes=2)
    start = threading.Barrier(len(jobs))
    claimed, errors = [], []

    def work(i):
        try:
            start.wait()
            claimed.append(jobs[i](f"w{i}", now=at_seven))
        except Exception as e:  # a failure in a thread must fail the test
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    deliver(app)
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == DESK
    email = smtp.received[0].message
    assert email["Subject"] == f"Moderation queue, {day.isoformat()}: 2 held, 0 reported"
    assert "Waiting the longest since" in text_of(email)
    # Later passes the same day send nothing more.
    assert jobs[1]("w1", now=at_seven + timedelta(hours=5)) == 0
    assert len(smtp.received) == 2


def test_an_empty_queue_sends_no_digest(make_app, smtp):
    app = make_app(mail_config(smtp, MAIL_MODERATOR_ALERTS=DESK, MAIL_DIGEST_HOUR=0))
    posted(app)  # published at once: nothing waits
    assert sender.Job(app)("w0") == 0
    with app.app_context():
        [day] = db.session.execute(sa.select(MailDigest)).scalars()
        assert day.messages == 0
    assert smtp.received == []


def test_the_digest_command(make_app, smtp):
    app = make_app(mail_config(smtp, MAIL_MODERATOR_ALERTS=DESK, PREMODERATION="all"))
    runner = app.test_cli_runner()
    empty = runner.invoke(args=["mail", "digest"])
    assert empty.exit_code == 0 and "empty" in empty.output
    posted(app)
    again = runner.invoke(args=["mail", "digest"])
    assert "made already" in again.output
    forced = runner.invoke(args=["mail", "digest", "--force"])
    assert forced.exit_code == 0 and "Queued 2" in forced.output
    deliver(app)
    assert len(smtp.received) == 2


def test_the_digest_command_without_recipients_says_so(app):
    result = app.test_cli_runner().invoke(args=["mail", "digest"])
    assert result.exit_code == 1 and "MAIL_MODERATOR_ALERTS" in result.output
    assert "Traceback" not in result.output


def _subscribed(app, smtp) -> int:
    api = API(app, app.test_client())
    answer = api.post_comment(email=ANN, notify_replies=True)
    deliver(app)
    app.test_client().post(link_path(smtp.received[-1].message))
    return answer.json["id"]


def test_export_lists_the_subscriptions(mail_app, smtp):
    _subscribed(mail_app, smtp)
    admin = Mod(mail_app.test_client(), make_token(mail_app, Role.ADMIN))
    data = admin.post("/personal-data/export", {"email": ANN.upper()}).json
    [sub] = data["email_subscriptions"]
    assert sub["thread"] == API.DEFAULTS["thread"] and sub["language"] == "en"
    assert sub["confirmed_at"] is not None


@pytest.mark.parametrize("mode", ["anonymise", "remove"])
def test_erasure_removes_subscriptions_and_unsent_mail(make_app, smtp, mode):
    app = make_app(mail_config(smtp, MAIL_RETRY_BASE_SECONDS=3600))
    parent = _subscribed(app, smtp)
    smtp.stop()  # the reply's message stays unsent
    api = API(app, app.test_client())
    api.post_comment(email="bob@example.net", author="Bob", body="A reply.", parent=parent)
    sender.Job(app)("w0")
    admin = Mod(app.test_client(), make_token(app, Role.ADMIN))
    assert admin.post("/personal-data/erase", {"email": ANN, "comments": mode}).status_code \
        == 200
    with app.app_context():
        assert db.session.execute(sa.select(MailSubscription)).first() is None
        assert db.session.execute(sa.select(MailAddress)).first() is None
        assert db.session.execute(sa.select(MailAttempt)).scalars().all() != []
    left = messages(app)
    # The confirmation went out and stays in the log, without the address; the reply
    # notice that could not be sent is gone.
    assert [(m.kind, m.to_address, m.context) for m in left] == [("confirm", "", {})]
    smtp.start()
    assert deliver(app) == 0


def test_an_erased_address_id_is_never_given_to_another(make_app, smtp):
    app = make_app(mail_config(smtp))
    _subscribed(app, smtp)
    unsubscribe = next(p for p in LINK.findall(text_of(smtp.received[0].message))
                       if "unsubscribe" in p)
    admin = Mod(app.test_client(), make_token(app, Role.ADMIN))
    admin.post("/personal-data/erase", {"email": ANN, "comments": "anonymise"})
    api = API(app, app.test_client())
    api.post_comment(email="someone.else@example.org", notify_replies=True)
    deliver(app)
    app.test_client().post(link_path(smtp.received[-1].message))
    # The erased person's old link finds nobody: it cannot unsubscribe the newcomer.
    assert app.test_client().post(unsubscribe).status_code == 410
    with app.app_context():
        [sub] = db.session.execute(sa.select(MailSubscription)).scalars()
        assert sub.email_key == "someone.else@example.org"
