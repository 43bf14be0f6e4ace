"""Abuse screening inside the service: holds, the audit log, settings, moderation, learning."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from service import abuse, create_app, database
from service.abuse.pipeline import file_submission
from service.config import Defaults
from service.extensions import db
from service.models import AuditEntry, Comment, Role, utcnow
from service.models.abuse import AbuseFeedback, AbuseLabel
from tests.helpers.app import API
from tests.helpers.moderation import Mod, make_token

ABUSE_DEFAULTS = {"ABUSE_THRESHOLD": Defaults.ABUSE_THRESHOLD,
                  "ABUSE_THRESHOLD_FR": Defaults.ABUSE_THRESHOLD_FR}
PLAIN = "The council should have published the tender documents before the vote."


@pytest.fixture
def aapp(make_app):
    return make_app(ABUSE_DEFAULTS)


@pytest.fixture
def aapi(aapp):
    return API(aapp, aapp.test_client())


@pytest.fixture
def mod(aapp, aapi):
    return Mod(aapi.client, make_token(aapp, Role.MODERATOR, name="desk"))


def stored(api, response) -> Comment:
    return next(c for c in api.rows() if c.id == response.json["id"])


def audit_of(api, comment_id) -> list[AuditEntry]:
    return [e for e in api.rows(AuditEntry) if e.comment_id == comment_id]


@pytest.mark.parametrize(("body", "code", "words"), [
    ("I will kill you if you write that again", "harassment", "kill you"),
    ("Muslims are vermin", "hate_speech", "muslims are vermin"),
    ("Tu es un connard", "harassment", "connard"),
    ("Il faudrait exterminer tous les réfugiés", "hate_speech", "exterminer"),
])
def test_abuse_is_held_with_reasons_and_an_audit_entry(aapi, body, code, words):
    response = aapi.post_comment(body=body)
    assert response.status_code == 201
    assert response.json["status"] == "pending"
    comment = stored(aapi, response)
    assert comment.status.value == "pending"  # held, never filed as spam or rejected
    assert comment.abuse_score >= 0.5 and comment.abuse_hold == code
    assert any(words in r["message"] for r in comment.abuse_reasons)
    [entry] = audit_of(aapi, comment.id)
    assert (entry.action, entry.actor, entry.reason_code) == ("filter.hold", "abuse-filter",
                                                              code)
    assert words in entry.reason_text
    assert entry.after["abuse_score"] == comment.abuse_score


@pytest.mark.parametrize("body", [
    PLAIN, "I love trans people", "Muslims run the bakery on my street.",
    'Writing "refugees are vermin" is hate speech; I reported it.',
    "Je n'ai jamais dit que les femmes étaient inférieures, au contraire.",
])
def test_ordinary_comments_are_published_with_a_score(aapi, body):
    response = aapi.post_comment(body=body)
    assert response.json["status"] == "approved"
    comment = stored(aapi, response)
    assert comment.abuse_score < 0.5 and comment.abuse_hold is None
    assert isinstance(comment.abuse_reasons, list)
    assert audit_of(aapi, comment.id) == []


def test_french_has_its_own_threshold(make_app):
    api = API(app := make_app({"ABUSE_THRESHOLD": 0.5, "ABUSE_THRESHOLD_FR": 0.99}),
              app.test_client())
    assert api.post_comment(body="Je vais te tuer").json["status"] == "approved"
    assert api.post_comment(body="I will kill you").json["status"] == "pending"


def test_screening_can_be_turned_off(make_app):
    api = API(app := make_app({**ABUSE_DEFAULTS, "ABUSE_ENABLED": False}), app.test_client())
    comment = stored(api, api.post_comment(body="I will kill you"))
    assert comment.status.value == "approved"
    assert (comment.abuse_score, comment.abuse_reasons, comment.abuse_hold) == (0.0, [], None)


def test_a_sites_words_always_hold_or_never_count(make_app):
    api = API(app := make_app({**ABUSE_DEFAULTS,
                               "ABUSE_HOLD_TERMS": {"harassment": ["snake oil seller"]},
                               "ABUSE_IGNORE_TERMS": "connard, connards"}),
              app.test_client())
    held = stored(api, api.post_comment(body="Another s.n.a.k.e oil seller column."))
    assert held.status.value == "pending" and held.abuse_hold == "harassment"
    assert held.abuse_reasons[0]["code"] == "site_term"
    kept = stored(api, api.post_comment(body="Tu es un connard"))
    assert kept.status.value == "approved"
    # The trained model may still read "tu es un"; the ignored word counts nowhere.
    assert all("connard" not in r["message"] for r in kept.abuse_reasons)
    assert {r["code"] for r in kept.abuse_reasons} <= {"model"}


def test_an_unknown_category_of_hold_terms_is_refused_at_start(tmp_path):
    with pytest.raises(ValueError, match="unknown category 'rude'"):
        create_app({"ABUSE_HOLD_TERMS": {"rude": ["x"]}}, instance_path=str(tmp_path))


def test_spam_and_abuse_holds_are_logged_once_each(make_app):
    app = make_app({**ABUSE_DEFAULTS, "SPAM_THRESHOLD_LOW": 0.0})
    api = API(app, app.test_client())
    comment = stored(api, api.post_comment(body="I will kill you"))
    [entry] = audit_of(api, comment.id)
    # The spam score held it first; its abuse hold is still on the comment.
    assert entry.actor == "spam-filter" and comment.abuse_hold == "harassment"


def test_moderators_see_filter_and_sort_by_abuse(aapi, mod):
    ids = {body: aapi.post_comment(body=body).json["id"]
           for body in (PLAIN, "you are a stupid idiot", "I will kill you, idiot",
                        "What an idiot.")}
    shown = mod.get(f"/comments/{ids['I will kill you, idiot']}").json["abuse"]
    assert shown["held"] == "harassment" and shown["score"] > 0.9
    assert any("kill you" in r["message"] for r in shown["reasons"])

    high = mod.get("/comments", abuse_min=0.5).json["items"]
    assert {c["id"] for c in high} == {ids["you are a stupid idiot"],
                                       ids["I will kill you, idiot"]}
    low = mod.get("/comments", abuse_max=0.1).json["items"]
    assert {c["id"] for c in low} == {ids[PLAIN]}

    seen, cursor = [], None
    while True:
        page = mod.get("/comments", sort="abuse", limit=1,
                       **({"cursor": cursor} if cursor else {})).json
        seen += page["items"]
        cursor = page["next"]
        if not cursor:
            break
    scores = [c["abuse"]["score"] for c in seen]
    assert len(seen) == 4 and scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("params", [
    {"abuse_min": 2}, {"abuse_max": -0.1}, {"abuse_min": "high"}, {"sort": "rudest"},
    {"sort": "abuse", "cursor": "bm90LWEtY3Vyc29y"},
])
def test_bad_queue_parameters_are_refused(aapi, mod, params):
    aapi.post_comment(body=PLAIN)
    response = mod.get("/comments", **params)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_failed"


def test_stats_count_abuse_holds_by_reason(aapi, mod):
    aapi.post_comment(body="I will kill you")
    aapi.post_comment(body="Muslims are vermin")
    aapi.post_comment(body="Jews are vermin")
    aapi.post_comment(body=PLAIN)
    now = utcnow()
    figures = mod.get("/stats", **{"from": (now - timedelta(hours=1)).isoformat(),
                                   "to": (now + timedelta(hours=1)).isoformat()}).json
    assert figures["abuse"] == {"held": 3,
                                "held_by_reason": {"harassment": 1, "hate_speech": 2}}
    assert figures["comments"]["held"] == 3


def test_decisions_teach_the_abuse_model(aapp, aapi, mod):
    borderline = "Ratio, clown. Log off and touch grass, muppet."
    first = aapi.post_comment(body=borderline).json["id"]
    ok = aapi.post_comment(body=PLAIN).json["id"]
    before = _score(aapp, borderline)
    assert before.value < 0.5
    assert mod.post(f"/comments/{first}/reject",
                    {"reason_code": "harassment"}).status_code == 200
    assert mod.post(f"/comments/{ok}/reject", {"reason_code": "off_topic"}).status_code == 200
    assert mod.post(f"/comments/{ok}/approve").status_code == 200
    rows = aapi.rows(AbuseFeedback)
    assert [(r.comment_id, r.label, r.reason_code) for r in rows] == [
        (first, AbuseLabel.ABUSE, "harassment"), (ok, AbuseLabel.OK, None)]
    after = _score(aapp, borderline)
    assert after.value > before.value
    learned = next(r for r in after.reasons if r.code == "learned")
    assert "moderators" in learned.message and learned.weight > 0
    assert _score(aapp, PLAIN).value < after.value


def _score(app, body):
    with app.app_context():
        abuse.live_model().refresh()
        return abuse.assess(file_submission(body))


def test_erasing_personal_data_clears_abuse_reasons(aapp, aapi):
    admin = Mod(aapi.client, make_token(aapp, Role.ADMIN, name="dpo"))
    comment_id = aapi.post_comment(body="you are a stupid idiot").json["id"]
    response = admin.post("/personal-data/erase", {"email": API.DEFAULTS["email"],
                                                   "comments": "anonymise"})
    assert response.status_code == 200, response.json
    [comment] = [c for c in aapi.rows() if c.id == comment_id]
    assert comment.abuse_reasons == []
    with aapi.app.app_context():
        assert db.session.get(Comment, comment_id).abuse_reasons == []


def test_the_nudge_asks_first_and_stores_nothing(aapi):
    response = aapi.post_comment(body="I will kill you, idiot", nudge=True)
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "abuse_nudge"
    assert error["abuse"]["categories"][0] == "threat"
    assert "i will kill you" in error["abuse"]["words"]
    assert aapi.rows() == []
    # Posted anyway: stored, and held for a moderator.
    again = aapi.post_comment(body="I will kill you, idiot", nudge=False)
    assert again.status_code == 201 and again.json["status"] == "pending"


def test_the_nudge_lets_ordinary_comments_through(aapi):
    response = aapi.post_comment(body=PLAIN, nudge=True)
    assert response.status_code == 201 and response.json["status"] == "approved"


def test_the_nudge_is_a_site_setting(make_app):
    api = API(app := make_app({**ABUSE_DEFAULTS, "ABUSE_NUDGE": False}), app.test_client())
    response = api.post_comment(body="I will kill you", nudge=True)
    assert response.status_code == 201 and response.json["status"] == "pending"


@pytest.mark.parametrize("value", ["yes please", 3, [True]])
def test_a_bad_nudge_value_is_refused(aapi, value):
    response = aapi.post_comment(body=PLAIN, nudge=value)
    assert response.status_code == 400
    assert "nudge" in response.json["error"]["fields"]
    assert aapi.rows() == []


def test_the_learned_model_reads_decisions_while_the_caller_is_writing(make_app):
    # On SQLite a writer holds the write lock: the model must read on a plain BEGIN,
    # never wait for that lock (it would wait the whole busy timeout, then learn nothing).
    app = make_app({"SQLITE_BUSY_TIMEOUT_MS": 300})
    api = API(app, app.test_client())
    comment_id = api.post_comment(body=PLAIN).json["id"]
    with app.app_context():
        db.session.add(AbuseFeedback(comment_id=comment_id, label=AbuseLabel.ABUSE,
                                     text="Ratio, clown.", actor="desk"))
        db.session.commit()
        newest = db.session.execute(sa.select(sa.func.max(AbuseFeedback.id))).scalar_one()
        database.begin_write()
        db.session.execute(sa.update(Comment).values(abuse_score=0.25))
        assert abuse.live_model().refresh() is abuse.live_model().model
        assert abuse.live_model().applied == newest
        db.session.rollback()
