"""Reader reports: validation, thresholds, priority, the queue, rate limits, the event."""

from __future__ import annotations

import pytest

from service import events
from service.models import AuditEntry, CommentStatus, Report, Role
from tests.helpers.env import REDIS_URL
from tests.helpers.moderation import Mod, make_token

THREAD = "/news/2026/11/harbour-bridge"


def report(client, cid, ip="198.51.100.1", **fields):
    payload = {"category": "harassment", **fields}
    return client.post(f"/api/v1/comments/{cid}/reports", json=payload,
                       environ_base={"REMOTE_ADDR": ip})


@pytest.fixture
def mod(app, client):
    return Mod(client, make_token(app, Role.MODERATOR, name="desk"))


@pytest.fixture
def reported():
    seen = []

    def receiver(comment, report, hidden, **_):
        seen.append((comment.id, report.category.value, hidden))

    events.comment_reported.connect(receiver)
    yield seen
    events.comment_reported.disconnect(receiver)


def test_three_distinct_readers_hide_a_comment_until_a_moderator_decides(
        api, client, mod, reported):
    cid = api.post_comment().json["id"]
    answers = [report(client, cid, ip) for ip in ("198.51.100.1", "198.51.100.1",
                                                   "198.51.100.2")]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert answers[0].json["status"] == "received"
    # Two distinct readers so far: still public.
    assert [c["id"] for c in api.listing().json["items"]] == [cid]

    assert report(client, cid, "198.51.100.3").status_code == 201
    assert api.listing().json["items"] == []
    assert api.rows()[0].status is CommentStatus.PENDING
    assert reported == [(cid, "harassment", False)] * 3 + [(cid, "harassment", True)]
    hide = [e for e in api.rows(AuditEntry) if e.action == "comment.hide"]
    assert [(e.comment_id, e.actor, e.reason_code) for e in hide] == [
        (cid, "system", "reader_reports")]

    queue = mod.get("/comments", reported="true").json["items"]
    assert [(c["id"], c["open_reports"], c["status"]) for c in queue] == [(cid, 4, "pending")]
    assert "ip" not in queue[0]["reports"][0]

    # A moderator keeps it: public again, the reports settled and out of the queue.
    assert mod.post(f"/comments/{cid}/approve").json["changed"] is True
    assert [c["id"] for c in api.listing().json["items"]] == [cid]
    assert all(r.resolved_at is not None for r in api.rows(Report))
    assert mod.get("/comments", reported="true").json["items"] == []
    # Settled reports do not count towards hiding it again.
    assert report(client, cid, "198.51.100.4").status_code == 201
    assert api.rows()[0].status is CommentStatus.APPROVED


def test_deciding_on_a_reported_public_comment_settles_its_reports(api, client, mod):
    cid = api.post_comment().json["id"]
    report(client, cid)
    decided = mod.post(f"/comments/{cid}/approve", json={"reason_code": "reader_reports"})
    assert decided.json["changed"] is True
    assert decided.json["comment"]["status"] == "approved"
    assert api.rows(Report)[0].resolved_at is not None
    # Now nothing is open, so approving again is a no-op.
    assert mod.post(f"/comments/{cid}/approve").json["changed"] is False


def test_child_safety_reports_are_flagged_for_priority(api, client, mod):
    ordinary = api.post_comment(body="An ordinary comment.").json["id"]
    urgent = api.post_comment(body="A comment needing urgent review.").json["id"]
    report(client, ordinary, category="spam")
    report(client, urgent, category="child_safety", text="Please look at this now.")
    [row] = [r for r in api.rows(Report) if r.comment_id == urgent]
    assert row.priority is True and row.text == "Please look at this now."
    items = mod.get("/comments", priority="true").json["items"]
    assert [(c["id"], c["priority"]) for c in items] == [(urgent, True)]
    assert [c["id"] for c in mod.get("/comments", reported="true").json["items"]] == [
        urgent, ordinary]


def test_urgent_order_puts_priority_then_most_reported_then_longest_waiting_first(
        api, client, mod):
    c1, c2, c3, c4, c5 = (api.post_comment(body=f"Comment number {n} on the bridge.")
                          .json["id"] for n in range(1, 6))
    # c1's report is settled by a decision, so c1 waits with nothing open.
    report(client, c1, "198.51.100.9")
    assert mod.post(f"/comments/{c1}/approve").status_code == 200
    report(client, c5, "198.51.100.1")  # c5's report has waited longer than c2's
    report(client, c2, "198.51.100.2")
    report(client, c3, "198.51.100.3")
    report(client, c3, "198.51.100.4")
    report(client, c4, "198.51.100.5", category="child_safety")

    def ids(**params):
        response = mod.get("/comments", sort="urgent", **params)
        assert response.status_code == 200, response.json
        return [c["id"] for c in response.json["items"]], response.json["next"]

    assert ids() == ([c4, c3, c5, c2, c1], None)
    assert ids(reported="true") == ([c4, c3, c5, c2], None)
    assert ids(priority="false", reported="true") == ([c3, c5, c2], None)

    pages, cursor = [], None
    while True:
        items, cursor = ids(limit=2, **({"cursor": cursor} if cursor else {}))
        pages.append(items)
        if cursor is None:
            break
    assert pages == [[c4, c3], [c5, c2], [c1]]

    # Once a moderator acts, the comment's reports are settled and it drops down the queue.
    assert mod.post(f"/comments/{c4}/reject", json={"reason_code": "child_safety"}
                    ).status_code == 200
    assert ids()[0] == [c3, c5, c2, c1, c4]


@pytest.mark.parametrize("cursor", [
    "!!",
    "YzE6MQ",  # the newest and oldest orders' cursor
    "dTE6MDoxOjU",  # a field short
    "dTE6MzoxOjU6MQ",  # priority is 0, 1 (a trusted flagger) or 2 (child safety)
    "dTE6MDowOjE3MDAwMDAwMDAwMDAwMDA6MQ",  # no open reports, yet a first one
    "dTE6MDoxOjox",  # open reports, yet no first one
    "dTE6MDoxOjk5OTk5OTk5OTk5OTk5OTk5OTk5OjE",  # beyond any date
])
def test_urgent_order_refuses_cursors_it_did_not_make(api, mod, cursor):
    api.post_comment()
    response = mod.get("/comments", sort="urgent", cursor=cursor)
    assert response.status_code == 400
    assert response.json["error"]["fields"] == {"cursor": ["Not a valid cursor."]}


def test_threshold_is_configurable(make_app):
    app = make_app({"REPORTS_HIDE_THRESHOLD": 1})
    client = app.test_client()
    cid = client.post("/api/v1/comments", json={
        "thread": THREAD, "author": "A", "email": "a@example.com", "body": "Reported once."},
    ).json["id"]
    assert report(client, cid).status_code == 201
    assert client.get("/api/v1/comments", query_string={"thread": THREAD}).json["items"] == []


@pytest.mark.parametrize("payload", [
    {}, {"category": "rude"}, {"category": "spam", "text": "x" * 2001},
    {"category": "spam", "extra": 1}, {"category": ["spam"]},
])
def test_bad_reports_are_refused(api, client, payload):
    cid = api.post_comment().json["id"]
    response = client.post(f"/api/v1/comments/{cid}/reports", json=payload)
    assert response.status_code == 400
    assert api.rows(Report) == []


def test_only_public_comments_can_be_reported(api, client):
    held = api.post_comment(hp="bot").json["id"]
    assert report(client, held).status_code == 404
    assert report(client, 999).status_code == 404
    assert api.rows(Report) == []


@pytest.mark.parametrize("storage", ["memory://"] + ([REDIS_URL] if REDIS_URL else []))
def test_reports_are_rate_limited_per_client(make_app, storage):
    app = make_app({"RATELIMIT_REPORTS": "2/hour", "RATELIMIT_STORAGE_URI": storage,
                    "REPORTS_HIDE_THRESHOLD": 0})
    client = app.test_client()
    cid = client.post("/api/v1/comments", json={
        "thread": THREAD, "author": "A", "email": "a@example.com", "body": "Often reported."},
    ).json["id"]
    assert [report(client, cid).status_code for _ in range(3)] == [201, 201, 429]
    assert report(client, cid, ip="198.51.100.9").status_code == 201
    from service.extensions import db

    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Report.id))).scalar() == 3
