"""Who is told what by email in notice and action, through a real SMTP server."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from service.extensions import db
from service.models import AuditEntry, Comment, Role
from service.models.mail import MailMessage
from service.moderation import audit
from tests.helpers.app import API
from tests.helpers.mail import deliver, html_of, mail_config, text_of
from tests.helpers.moderation import Mod, make_token
from tests.helpers.notices import ILLEGAL, report

CARL = "carl@example.org"
RITA = ILLEGAL["reporter_email"]
COMPLAINT = re.compile(r"https://comments\.example\.org(/complaints/[\w.\-]+(?:\?lang=\w+)?)")
BODY = "The mayor took bribes, everyone knows it."


@pytest.fixture
def api(mail_app):
    return API(mail_app, mail_app.test_client())


@pytest.fixture
def client(api):
    return api.client


@pytest.fixture
def ann(mail_app, client):
    return Mod(client, make_token(mail_app, Role.MODERATOR, name="ann-desk"))


@pytest.fixture
def bob(mail_app, client):
    return Mod(client, make_token(mail_app, Role.MODERATOR, name="bob-desk"))


def inbox(smtp, address: str) -> list:
    """Return the messages the server accepted for one address, in order."""
    return [r.message for r in smtp.received if r.rcpt_tos == [address]]


def kinds_to(app) -> list[tuple[str, str]]:
    """Return (kind, address) of every queued message, oldest first."""
    with app.app_context():
        return [(m.kind, m.to_address) for m in db.session.execute(
            sa.select(MailMessage).order_by(MailMessage.id)).scalars()]


def complaint_path(email) -> str:
    return COMPLAINT.search(text_of(email)).group(1)


def post(api, **fields) -> int:
    answer = api.post_comment(author="Carl Author", email=CARL, body=BODY,
                              url="https://courier.example/harbour", title="Harbour Bridge",
                              **fields)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def never_crossed(smtp) -> None:
    """Check no message carries the other party's address (or anyone's but its own)."""
    assert smtp.received
    for received in smtp.received:
        others = {CARL, RITA} - set(received.rcpt_tos)
        assert not [a for a in others if a.encode() in received.raw], received.message["Subject"]
        # Owed by law, not a mailing list: nothing to unsubscribe from.
        assert received.message["List-Unsubscribe"] is None
        assert "<img" not in html_of(received.message)


def test_notice_decision_statement_complaint_and_reversal_by_email(mail_app, smtp, api,
                                                                   client, ann, bob):
    cid = post(api)
    assert report(client, cid, **ILLEGAL).status_code == 201
    deliver(mail_app)
    [ack] = inbox(smtp, RITA)
    assert ack["Subject"] == "We received your report (notice 1)"
    assert "Loi du 29 juillet 1881, art. 29 (FR)" in text_of(ack)
    assert BODY in text_of(ack) and "Harbour Bridge" in text_of(ack)
    assert inbox(smtp, CARL) == []  # nothing decided yet: the author hears nothing

    assert ann.post(f"/comments/{cid}/reject", json={
        "reason_code": "illegal_content", "reason_text": "An accusation stated as fact."}
    ).status_code == 200
    deliver(mail_app)
    [statement] = inbox(smtp, CARL)
    text = text_of(statement)
    assert statement["Subject"] == ("Statement of reasons: your comment on “Harbour Bridge” "
                                    "was hidden from readers")
    for said in ("On which facts: An accusation stated as fact.",
                 "What prompted it: a notice from a reader.",
                 "no automated detection; the decision was taken by a person.",
                 "Ground: the law. The comment was considered illegal content under "
                 "Loi du 29 juillet 1881, art. 29 (FR).", "within 183 days"):
        assert said in " ".join(text.split()), said
    assert "Rita" not in text  # the author is not told who reported them
    [_, decided] = inbox(smtp, RITA)
    assert decided["Subject"] == "Our decision on your report (notice 1)"
    assert "We acted on it: the comment was rejected." in text_of(decided)
    assert "/complaints/" not in text_of(decided)  # acted on: nothing for her to contest

    # The author follows the link in the email: the complaint page takes the complaint.
    link = complaint_path(statement)
    assert client.get(link).status_code == 200
    assert client.post(link, data={"text": "It quotes a published ruling."}).status_code == 201
    deliver(mail_app)
    assert inbox(smtp, CARL)[-1]["Subject"] == "We received your complaint (complaint 1)"

    assert bob.post("/appeals/1/decision", json={
        "outcome": "reverse", "reason": "A faithful quote of a ruling."}).status_code == 200
    deliver(mail_app)
    outcome = inbox(smtp, CARL)[-1]
    assert outcome["Subject"] == "Outcome of your complaint (complaint 1): decision reversed"
    assert "Your comment is restored as it was." in text_of(outcome)
    told = inbox(smtp, RITA)[-1]
    assert told["Subject"] == "A moderation decision you were party to was reversed"
    assert "The author of the comment you reported contested" in text_of(told)
    assert "A faithful quote of a ruling." in text_of(told)
    never_crossed(smtp)
    assert sorted(kinds_to(mail_app)) == sorted([
        ("notice_received", RITA), ("statement_of_reasons", CARL), ("notice_decided", RITA),
        ("appeal_received", CARL), ("appeal_decided", CARL),
        ("appeal_decided_other_party", RITA)])


def test_a_reporter_contests_a_decision_to_keep_in_french(mail_app, smtp, api, client,
                                                          ann, bob):
    cid = post(api, lang="fr-FR")
    assert report(client, cid, **ILLEGAL).status_code == 201
    assert ann.post(f"/comments/{cid}/approve", json={
        "reason_code": "other", "reason_text": "Une opinion, pas un fait."}).status_code == 200
    deliver(mail_app)
    ack, decided = inbox(smtp, RITA)
    assert ack["Subject"] == "Nous avons bien reçu votre signalement (n° 1)"
    assert "Nous n'y avons pas donné suite" in text_of(decided)
    assert "Une opinion, pas un fait." in text_of(decided)
    assert inbox(smtp, CARL) == []  # kept: nothing restricted, no statement

    link = complaint_path(decided)
    assert link.endswith("?lang=fr")
    page = client.get(link)
    assert page.status_code == 200 and "Contester une décision" in page.text
    assert client.post(link, data={"text": "C'est une diffamation."}).status_code == 201
    assert bob.post("/appeals/1/decision", json={
        "outcome": "reverse", "reason": "Diffamation avérée."}).status_code == 200
    deliver(mail_app)
    assert [m["Subject"] for m in inbox(smtp, RITA)[2:]] == [
        "Nous avons bien reçu votre réclamation (n° 1)",
        "Résultat de votre réclamation (n° 1) : décision annulée"]
    # The reversal took the comment down: the author gets its statement, and the outcome.
    statement, other = inbox(smtp, CARL)
    assert statement["Subject"].startswith("Exposé des motifs : votre commentaire")
    assert "Le lecteur qui a signalé votre commentaire a contesté" in text_of(other)
    never_crossed(smtp)


def test_nothing_is_sent_to_an_anonymous_reporter(mail_app, smtp, api, client, ann):
    cid = post(api)
    assert report(client, cid, category="child_safety", text="Please look.").status_code == 201
    assert ann.post(f"/comments/{cid}/reject", json={"reason_code": "child_safety"}
                    ).status_code == 200
    deliver(mail_app)
    assert kinds_to(mail_app) == [("statement_of_reasons", CARL)]
    [statement] = [r.message for r in smtp.received]
    assert "Ground: our house rules (child safety)." in text_of(statement)


@pytest.mark.parametrize(("limit", "told"), [(0.9, False), (None, True), (0.999, True)])
def test_statements_for_spam_follow_the_site_setting(make_app, smtp, limit, told):
    app = make_app(mail_config(smtp, STATEMENTS_SPAM_SCORE_MAX=limit))
    api = API(app, app.test_client())
    cid = post(api)
    with app.app_context():
        db.session.get(Comment, cid).spam_score = 0.95
        db.session.commit()
    mod = Mod(api.client, make_token(app, Role.MODERATOR))
    assert mod.post(f"/comments/{cid}/spam").status_code == 200
    deliver(app)
    assert kinds_to(app) == ([("statement_of_reasons", CARL)] if told else [])
    assert len(smtp.received) == int(told)


def test_each_message_is_queued_once_per_decision(mail_app, smtp, api, client, ann):
    cid = post(api)
    assert report(client, cid, **ILLEGAL).status_code == 201
    assert report(client, cid, ip="203.0.113.5", **ILLEGAL).status_code == 201
    assert ann.post(f"/comments/{cid}/reject", json={"reason_code": "illegal_content"}
                    ).status_code == 200
    with mail_app.app_context():
        # The same decision announced again (a retried transaction, a replayed event).
        entry = db.session.execute(sa.select(AuditEntry).where(
            AuditEntry.action == "comment.reject")).scalar_one()
        audit.decided(entry, db.session.get(Comment, cid))
        db.session.commit()
    deliver(mail_app)
    # Two notices from one address, each acknowledged; one decision, told once each.
    assert sorted(kinds_to(mail_app)) == sorted([
        ("notice_received", RITA), ("notice_received", RITA),
        ("notice_decided", RITA), ("statement_of_reasons", CARL)])
    assert len(smtp.received) == 4


@pytest.mark.parametrize("at_hold", [False, True])
def test_a_filter_hold_is_told_only_when_the_site_says_so(make_app, smtp, at_hold):
    # SPAM_THRESHOLD_LOW 0: the spam filter holds every comment for a moderator.
    app = make_app(mail_config(smtp, SPAM_THRESHOLD_LOW=0.0,
                               STATEMENTS_FOR_HOLDS=at_hold))
    api = API(app, app.test_client())
    cid = post(api)
    with app.app_context():
        assert db.session.get(Comment, cid).status.value == "pending"
        assert db.session.execute(sa.select(AuditEntry.action).where(
            AuditEntry.comment_id == cid)).scalars().all() == ["filter.hold"]
    deliver(app)
    assert kinds_to(app) == ([("statement_of_reasons", CARL)] if at_hold else [])
    # The moderator's rejection is told either way.
    mod = Mod(api.client, make_token(app, Role.MODERATOR))
    assert mod.post(f"/comments/{cid}/reject", json={"reason_code": "off_topic"}
                    ).status_code == 200
    deliver(app)
    assert kinds_to(app)[-1] == ("statement_of_reasons", CARL)
    assert len(smtp.received) == 1 + int(at_hold)
