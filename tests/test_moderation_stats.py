"""Transparency figures against a known set of events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.extensions import db
from service.models import Comment, Report, Role, utcnow
from service.moderation import stats
from tests.helpers.moderation import Mod, make_token


@pytest.fixture
def mod(app, client):
    return Mod(client, make_token(app, Role.MODERATOR, name="desk"))


def report(client, cid, category, ip):
    assert client.post(f"/api/v1/comments/{cid}/reports", json={"category": category},
                       environ_base={"REMOTE_ADDR": ip}).status_code == 201


def test_stats_count_a_known_period(app, api, client, mod):
    plain = api.post_comment(body="Plain comment one.").json["id"]
    api.post_comment(hp="bot", body="Honeypot spam.")
    thread = mod.get("/threads").json["items"][0]["id"]
    mod.patch(f"/threads/{thread}", {"moderation": "all"})
    links = api.post_comment(body="Held by pre-moderation.").json["id"]
    mod.patch(f"/threads/{thread}", {"moderation": None})
    rude = api.post_comment(body="Rude comment four.").json["id"]
    report(client, rude, "harassment", "198.51.100.1")
    report(client, plain, "hate_speech", "198.51.100.2")
    mod.post(f"/comments/{links}/approve")
    mod.post(f"/comments/{rude}/reject", json={"reason_code": "off_topic"})
    mod.post(f"/comments/{plain}/spam", json={"reason_code": "spam"})

    # Fix the reports' times so the median wait is known: 60 s and 180 s.
    start = utcnow() - timedelta(minutes=30)
    with app.app_context():
        rows = db.session.execute(db.select(Report).order_by(Report.id)).scalars().all()
        for row, wait in zip(rows, (60, 180), strict=True):
            row.created_at, row.resolved_at = start, start + timedelta(seconds=wait)
        db.session.commit()

    now = utcnow()
    response = mod.get("/stats", **{"from": (now - timedelta(hours=1)).isoformat(),
                                    "to": (now + timedelta(hours=1)).isoformat()})
    assert response.status_code == 200
    body = response.json
    assert body["comments"] == {"received": 4, "auto_approved": 2, "held": 1, "spam": 1}
    assert body["decisions"] == {
        "total": 3,
        "by_outcome": {"approve": 1, "reject": 1, "spam": 1},
        "by_reason": {"none": 1, "off_topic": 1, "spam": 1},
    }
    assert body["reports"] == {"total": 2, "by_category": {"harassment": 1, "hate_speech": 1},
                               "decided": 2, "median_seconds_to_decision": 120}
    assert body["hidden_by_reports"] == 0

    past = mod.get("/stats", **{"from": "2020-01-01T00:00:00Z", "to": "2020-02-01"}).json
    assert past["comments"] == {"received": 0, "auto_approved": 0, "held": 0, "spam": 0}
    assert past["decisions"]["total"] == 0 and past["reports"]["total"] == 0
    assert past["reports"]["median_seconds_to_decision"] is None


@pytest.mark.parametrize("params", [
    {"from": "2026-02-01", "to": "2026-01-01"}, {"from": "soon", "to": "later"},
    {"from": "2999-01-01"}, {"to": "later"}, {"from": "2026-01-01", "to": "2026-01-01"},
])
def test_stats_need_a_valid_period(mod, params):
    response = mod.get("/stats", **params)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_failed"


def test_daily_figures_cover_every_day_of_the_period(app, api, client, mod):
    first = api.post_comment(body="Three days ago.").json["id"]
    api.post_comment(body="Today, published.")
    api.post_comment(hp="bot", body="Today, spam.")
    with app.app_context():
        comment = db.session.get(Comment, first)
        comment.created_at = utcnow() - timedelta(days=3)
        db.session.commit()
    today = utcnow().date()
    since = datetime.combine(today - timedelta(days=6), datetime.min.time(), UTC)
    with app.app_context():
        days = stats.daily(since, since + timedelta(days=7))
    assert [d["day"] for d in days] == [(today - timedelta(days=n)).isoformat()
                                        for n in range(6, -1, -1)]
    by_day = {d["day"]: d for d in days}
    assert by_day[today.isoformat()]["received"] == 2
    assert by_day[today.isoformat()]["spam"] == 1
    assert by_day[(today - timedelta(days=3)).isoformat()]["received"] == 1
    assert sum(d["received"] for d in days) == 3 and sum(d["held"] for d in days) == 0


@pytest.mark.parametrize(("wait", "bucket"), [
    (timedelta(minutes=59), "hour"), (timedelta(hours=1), "hour"),
    (timedelta(hours=1, seconds=1), "six_hours"), (timedelta(hours=23), "day"),
    (timedelta(days=2), "three_days"), (timedelta(days=4), "longer"),
])
def test_report_waits_fall_in_their_bucket(app, api, client, wait, bucket):
    cid = api.post_comment(body="Reported.").json["id"]
    report(client, cid, "spam", "198.51.100.9")
    with app.app_context():
        row = db.session.execute(db.select(Report)).scalar_one()
        row.created_at = utcnow() - timedelta(days=5)
        row.resolved_at = row.created_at + wait
        db.session.commit()
        counts = stats.waits(utcnow() - timedelta(days=6), utcnow())
    assert counts == {name: int(name == bucket) for name in
                      ("hour", "six_hours", "day", "three_days", "longer")}
