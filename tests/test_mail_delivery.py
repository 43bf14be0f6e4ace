"""Mail delivery through a real SMTP server: sent once, retried, given up, never lost."""

from __future__ import annotations

import ssl
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from service import create_app, database
from service.config import ConfigError
from service.extensions import db
from service.mail import outbox, sender
from service.models import utcnow
from service.models.mail import MailAttempt, MailMessage, MailStatus
from tests.helpers.mail import deliver, mail_config, messages, text_of
from tests.helpers.smtp import SMTPServer, certificate

MODERATOR = "desk@courier.example"


def queue(app, n: int = 1, to: str = MODERATOR) -> list[int]:
    """Queue n test messages through the domain function; return their ids."""
    with app.app_context():
        database.begin_write()
        ids = [outbox.enqueue("test", to, "en", {"sent_at": f"moment {i}"}).id
               for i in range(n)]
        db.session.commit()
    return ids


def attempts(app) -> list[MailAttempt]:
    with app.app_context():
        rows = list(db.session.execute(sa.select(MailAttempt).order_by(MailAttempt.id))
                    .scalars())
        db.session.expunge_all()
        return rows


def test_a_queued_message_is_delivered_once_as_multipart(mail_app, smtp):
    [message_id] = queue(mail_app)
    assert deliver(mail_app) == 1
    [got] = smtp.received
    assert got.rcpt_tos == [MODERATOR]
    assert got.mail_from == "comments@courier.example"
    email = got.message
    assert email["From"] == "Port Ellery Courier <comments@courier.example>"
    assert email.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in email.iter_parts()] == ["text/plain", "text/html"]
    assert "moment 0" in text_of(email)
    assert email["Auto-Submitted"] == "auto-generated"
    # No images at all in the HTML: nothing to track opening with.
    assert "<img" not in email.get_body(("html",)).get_content()
    [row] = messages(mail_app)
    assert (row.id, row.status, row.attempts) == (message_id, MailStatus.SENT, 1)
    assert [a.outcome for a in attempts(mail_app)] == ["sent"]
    # Nothing is due any more: a second pass sends nothing.
    assert deliver(mail_app) == 0 and len(smtp.received) == 1


def test_a_temporary_failure_is_retried_then_delivered(mail_app, smtp):
    smtp.refuse("451 4.3.0 Try again later")
    queue(mail_app)
    job = sender.Job(mail_app)
    assert job("w1") == 1
    [row] = messages(mail_app)
    assert row.status is MailStatus.PENDING and row.attempts == 1
    assert row.last_error.startswith("451")
    assert smtp.received == []
    assert deliver(mail_app, job=job) == 1
    [row] = messages(mail_app)
    assert row.status is MailStatus.SENT and row.attempts == 2
    assert [(a.outcome, a.code) for a in attempts(mail_app)] == [("temporary", 451),
                                                                 ("sent", None)]
    assert len(smtp.received) == 1


def test_a_retry_waits_for_its_backoff(make_app, smtp):
    app = make_app(mail_config(smtp, MAIL_RETRY_BASE_SECONDS=60))
    smtp.refuse("421 4.7.0 Busy", at="RCPT")
    queue(app)
    job = sender.Job(app)
    assert job("w1") == 1
    [row] = messages(app)
    wait = row.next_attempt_at - utcnow()
    assert timedelta(seconds=40) < wait <= timedelta(seconds=73)
    assert job("w1") == 0  # not due yet
    assert job("w1", now=row.next_attempt_at) == 1
    assert messages(app)[0].status is MailStatus.SENT


@pytest.mark.parametrize("at", ["RCPT", "DATA"])
def test_a_permanent_refusal_gives_the_message_up(mail_app, smtp, at):
    smtp.refuse("550 5.1.1 No such user", at=at)
    queue(mail_app)
    assert deliver(mail_app) == 1
    [row] = messages(mail_app)
    assert row.status is MailStatus.FAILED and row.attempts == 1
    assert row.last_error.startswith("550")
    assert [(a.outcome, a.code) for a in attempts(mail_app)] == [("permanent", 550)]
    assert smtp.received == []


def test_the_last_attempt_gives_up(make_app, smtp):
    app = make_app(mail_config(smtp, MAIL_MAX_ATTEMPTS=2))
    smtp.refuse("452 4.2.2 Mailbox full", "452 4.2.2 Mailbox full")
    queue(app)
    deliver(app)
    [row] = messages(app)
    assert row.status is MailStatus.FAILED and row.attempts == 2


def test_nothing_is_lost_while_the_server_is_down(mail_app, smtp):
    smtp.stop()
    ids = queue(mail_app, 3)
    job = sender.Job(mail_app)
    assert job("w1") == 3
    rows = messages(mail_app)
    assert {r.status for r in rows} == {MailStatus.PENDING}
    assert all("Connection" in r.last_error or "refused" in r.last_error for r in rows)
    smtp.start()
    deliver(mail_app, job=job)
    assert sorted(r.id for r in messages(mail_app) if r.status is MailStatus.SENT) == ids
    assert len(smtp.received) == 3


def test_two_workers_send_each_message_once(mail_app, smtp):
    ids = queue(mail_app, 30)
    start = threading.Barrier(2)
    errors = []

    def work(name):
        try:
            start.wait()
            deliver(mail_app, worker=name)
        except Exception as e:  # a failure in a thread must fail the test
            errors.append(e)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    bodies = [text_of(r.message) for r in smtp.received]
    assert len(bodies) == len(ids) == len(set(bodies))
    assert {r.status for r in messages(mail_app)} == {MailStatus.SENT}
    assert len(attempts(mail_app)) == len(ids)


def test_a_claimed_message_is_not_sent_by_another_worker(mail_app, smtp):
    [message_id] = queue(mail_app)
    first, second = sender.Job(mail_app), sender.Job(mail_app)
    assert first.claim("w1") == [message_id]
    assert second.claim("w2") == []
    # A worker that lost its lease cannot send: the renewal before sending fails.
    assert second.process("w2", message_id) is None
    assert first.process("w1", message_id).outcome.value == "sent"
    assert len(smtp.received) == 1


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    return certificate(tmp_path_factory.mktemp("smtp-tls"))


def _server_context(tls_files) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*tls_files)
    return context


def test_starttls_and_authentication(make_app, tls_files):
    server = SMTPServer(starttls=_server_context(tls_files), users={"margin": "s3cret/pw"})
    server.start()
    try:
        app = make_app(mail_config(server, MAIL_URL=server.url(
            user="margin", password="s3cret%2Fpw", query="starttls=require"),
            MAIL_CA_FILE=str(tls_files[0])))
        queue(app)
        assert deliver(app) == 1
        [got] = server.received
        assert got.tls and got.login == "margin"
    finally:
        server.stop()


def test_a_wrong_password_keeps_the_message_for_later(make_app, tls_files):
    server = SMTPServer(starttls=_server_context(tls_files), users={"margin": "right"})
    server.start()
    try:
        app = make_app(mail_config(server, MAIL_URL=server.url(user="margin", password="wrong"),
                                   MAIL_CA_FILE=str(tls_files[0]), MAIL_RETRY_BASE_SECONDS=60))
        queue(app)
        sender.Job(app)("w1")
        [row] = messages(app)
        assert row.status is MailStatus.PENDING and row.last_error.startswith("535")
    finally:
        server.stop()


def test_an_untrusted_certificate_is_refused(make_app, tls_files):
    server = SMTPServer(starttls=_server_context(tls_files)).start()
    try:
        app = make_app(mail_config(server, MAIL_RETRY_BASE_SECONDS=60))  # system CAs only
        queue(app)
        sender.Job(app)("w1")
        [row] = messages(app)
        assert row.status is MailStatus.PENDING and "CERTIFICATE_VERIFY_FAILED" in row.last_error
        assert server.received == []
    finally:
        server.stop()


def test_smtps_connects_over_tls(make_app, tls_files):
    server = SMTPServer(implicit_tls=_server_context(tls_files)).start()
    try:
        app = make_app(mail_config(server, MAIL_URL=server.url("smtps"),
                                   MAIL_CA_FILE=str(tls_files[0])))
        queue(app)
        assert deliver(app) == 1
        assert server.received[0].tls
    finally:
        server.stop()


def test_starttls_required_but_not_offered_waits(make_app, smtp):
    app = make_app(mail_config(smtp, MAIL_URL=smtp.url(query="starttls=require"),
                               MAIL_RETRY_BASE_SECONDS=60))
    queue(app)
    sender.Job(app)("w1")
    [row] = messages(app)
    assert row.status is MailStatus.PENDING and "STARTTLS" in row.last_error
    assert smtp.received == []


def test_the_file_transport_writes_eml_files_on_a_fresh_instance(tmp_path):
    instance = tmp_path / "fresh"
    app = create_app({"TESTING": True}, instance_path=str(instance))
    assert app.config["MAIL_URL"] == "file"
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=app.extensions["migrate"].directory)
    result = app.test_cli_runner().invoke(args=["mail", "test", "someone@example.com"])
    assert result.exit_code == 0, result.output
    assert "via file" in result.output
    [eml] = (instance / "mail").glob("*.eml")
    text = eml.read_text()
    assert "To: someone@example.com" in text and "Margin test message" in text
    with app.app_context():
        db.engine.dispose()


def test_the_test_command_reports_a_refusal_without_a_traceback(make_app, smtp):
    app = make_app(mail_config(smtp))
    smtp.refuse("554 5.7.1 Relay denied")
    result = app.test_cli_runner().invoke(args=["mail", "test", "ops@example.com"])
    assert result.exit_code == 1
    assert "554 5.7.1 Relay denied" in result.output and "given up" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("address", ["not-an-address", "a@", "@b.example"])
def test_the_test_command_refuses_a_bad_address(app, address):
    result = app.test_cli_runner().invoke(args=["mail", "test", address])
    assert result.exit_code == 2 and "ADDRESS" in result.output
    assert messages(app) == []


def test_the_log_lists_messages_and_errors(mail_app, smtp):
    smtp.refuse("550 5.1.1 No such user")
    queue(mail_app, 2)
    deliver(mail_app)
    result = mail_app.test_cli_runner().invoke(args=["mail", "log"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert "failed" in lines[1] and "550 5.1.1" in lines[1]
    assert "sent" in lines[0]
    failed = mail_app.test_cli_runner().invoke(args=["mail", "log", "--status", "failed"])
    assert len(failed.output.splitlines()) == 1


@pytest.mark.parametrize(("setting", "value", "named"), [
    ("MAIL_URL", "http://mail.example", "MAIL_URL"),
    ("MAIL_URL", "smtp://host:notaport", "MAIL_URL"),
    ("MAIL_URL", "smtp://host?starttls=maybe", "starttls"),
    ("MAIL_URL", "smtp://host?verify=no", "verify"),
    ("MAIL_FROM", "nobody", "MAIL_FROM"),
    ("MAIL_MODERATOR_ALERTS", "desk@example.com, not an address", "MAIL_MODERATOR_ALERTS"),
    ("PUBLIC_URL", "comments.example.com", "PUBLIC_URL"),
    ("MAIL_DEFAULT_LOCALE", "de", "MAIL_DEFAULT_LOCALE"),
    ("MAIL_DIGEST_HOUR", 24, "MAIL_DIGEST_HOUR"),
    ("MAIL_REPLY_THROTTLE_MINUTES", "soon", "MAIL_REPLY_THROTTLE_MINUTES"),
])
def test_bad_settings_are_a_config_error_naming_them(make_app, setting, value, named):
    with pytest.raises(ConfigError, match=named):
        make_app({setting: value})


def test_a_bad_setting_is_one_line_in_the_cli(tmp_path):
    env = {"MARGIN_INSTANCE_PATH": str(tmp_path), "MARGIN_MAIL_URL": "smtp://:pw@",
           "PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-m", "service", "mail", "log"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Error: MAIL_URL")
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_settled_messages_are_pruned_after_their_retention(mail_app, smtp):
    queue(mail_app, 2)
    deliver(mail_app)
    with mail_app.app_context():
        database.begin_write()
        old = db.session.get(MailMessage, 1)
        old.created_at = utcnow() - timedelta(days=31)
        db.session.commit()
    assert sender.Job(mail_app).prune_if_due() == 1
    assert [m.id for m in messages(mail_app)] == [2]


def test_a_message_that_cannot_be_rendered_is_given_up_not_retried(mail_app, smtp):
    from service.mail import kinds

    def broken(context, message):
        raise LookupError("the kind's data is gone")

    kinds.register(kinds.Kind("broken", "test", kinds.Unsubscribe.NONE, broken))
    with mail_app.app_context():
        database.begin_write()
        outbox.enqueue("broken", MODERATOR, "en", {})
        db.session.commit()
    assert deliver(mail_app) == 1
    [row] = messages(mail_app)
    assert row.status is MailStatus.FAILED and "the kind's data is gone" in row.last_error
    assert smtp.received == []


@pytest.mark.parametrize(("kind", "to", "context"), [
    ("no-such-kind", MODERATOR, {}),
    ("test", "not an address", {}),
    ("test", MODERATOR, {"when": object()}),
])
def test_enqueue_refuses_what_no_worker_could_send(app, kind, to, context):
    with app.app_context(), pytest.raises((KeyError, ValueError, TypeError)):
        outbox.enqueue(kind, to, "en", context)
    assert messages(app) == []
