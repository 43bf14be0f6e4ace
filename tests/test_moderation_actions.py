"""Moderators' decisions: public output, counts, the audit log, reports, bulk atomicity."""

from __future__ import annotations

import pytest

from service import events
from service.models import AuditEntry, Comment, CommentRevision, CommentStatus, Role, Thread
from tests.helpers.moderation import Mod, make_token

THREAD = "/news/2026/11/harbour-bridge"


@pytest.fixture
def mod(app, client):
    return Mod(client, make_token(app, Role.MODERATOR, name="desk"))


def public_ids(api):
    return [c["id"] for c in api.listing().json["items"]]


def count(api):
    return api.client.get("/api/v1/counts", query_string={"thread": THREAD}).json[THREAD]


def audit_actions(api):
    return [(e.action, e.comment_id, e.actor) for e in api.rows(AuditEntry)
            if e.target_type != "token"]


@pytest.fixture
def classified():
    seen = []

    def receiver(comment, label, actor, **_):
        seen.append((comment.id, label, actor))

    events.comment_classified.connect(receiver)
    yield seen
    events.comment_classified.disconnect(receiver)


@pytest.mark.parametrize(("action", "status", "public"), [
    ("reject", CommentStatus.REJECTED, False),
    ("spam", CommentStatus.SPAM, False),
    ("delete", CommentStatus.DELETED, False),
    ("approve", CommentStatus.APPROVED, True),
    ("ham", CommentStatus.APPROVED, True),
])
def test_an_action_changes_public_output_counts_and_the_log(api, mod, action, status, public):
    cid = api.post_comment().json["id"]
    if public:  # start from a held comment so approving changes something
        assert mod.post(f"/comments/{cid}/reject").status_code == 200
    etag = api.listing().headers["ETag"]

    response = mod.post(f"/comments/{cid}/{action}",
                        json={"reason_code": "off_topic", "reason_text": "Not about the bridge."})
    assert response.status_code == 200
    assert response.json["changed"] is True
    assert response.json["comment"]["status"] == status.value
    assert response.json["comment"]["email"] == "ann@example.com"

    assert (public_ids(api) == [cid]) is public
    assert count(api) == (1 if public else 0)
    assert api.listing().headers["ETag"] != etag
    [row] = api.rows()
    assert row.status is status
    last = api.rows(AuditEntry)[-1]
    assert (last.action, last.comment_id, last.actor) == (f"comment.{action}", cid, "desk")
    assert last.token_id is not None
    assert last.reason_code == "off_topic" and last.reason_text == "Not about the bridge."
    assert last.after == {"status": status.value}


def test_repeating_an_action_changes_nothing_and_logs_nothing(api, mod):
    cid = api.post_comment().json["id"]
    assert mod.post(f"/comments/{cid}/reject").json["changed"] is True
    logged = len(api.rows(AuditEntry))
    etag = api.listing().headers["ETag"]
    again = mod.post(f"/comments/{cid}/reject")
    assert again.status_code == 200 and again.json["changed"] is False
    assert len(api.rows(AuditEntry)) == logged
    assert api.listing().headers["ETag"] == etag
    # Approving an approved comment: the same.
    other = api.post_comment(body="Another view entirely.").json["id"]
    assert mod.post(f"/comments/{other}/approve").json["changed"] is False
    assert len(api.rows(AuditEntry)) == logged


def test_spam_and_ham_teach_the_filter_once(api, mod, classified):
    cid = api.post_comment().json["id"]
    mod.post(f"/comments/{cid}/spam")
    mod.post(f"/comments/{cid}/spam")
    mod.post(f"/comments/{cid}/ham")
    mod.post(f"/comments/{cid}/approve")
    assert classified == [(cid, "spam", "desk"), (cid, "ham", "desk")]
    # The spam filter learnt both, at once (its subscriber stores labelled examples).
    from service.models.spam import SpamFeedback

    assert [(f.comment_id, f.label.value, f.actor) for f in api.rows(SpamFeedback)] == [
        (cid, "spam", "desk"), (cid, "ham", "desk")]
    assert api.rows()[0].status is CommentStatus.APPROVED


def test_deleted_comment_with_replies_leaves_a_placeholder(api, mod):
    parent = api.post_comment().json["id"]
    reply = api.post_comment(parent=parent, body="A reply that stays.").json["id"]
    assert mod.post(f"/comments/{parent}/delete").status_code == 200
    items = api.listing().json["items"]
    assert [(c["id"], c["removed"], c["author"], c["html"]) for c in items] == [
        (parent, True, None, None), (reply, False, "Ann Reader", "<p>A reply that stays.</p>")]
    assert count(api) == 1
    # Restore brings back the status it had before the deletion.
    restored = mod.post(f"/comments/{parent}/restore")
    assert restored.json["comment"]["status"] == "approved"
    assert [c["removed"] for c in api.listing().json["items"]] == [False, False]
    assert count(api) == 2
    assert mod.post(f"/comments/{parent}/restore").json["changed"] is False


def test_restore_returns_a_held_comment_to_held(api, mod):
    cid = api.post_comment(hp="bot").json["id"]  # the filter keeps it as spam
    assert api.rows()[0].status is CommentStatus.SPAM
    mod.post(f"/comments/{cid}/delete")
    assert mod.post(f"/comments/{cid}/restore").json["comment"]["status"] == "spam"
    assert public_ids(api) == []


def test_edit_keeps_the_original_and_bumps_the_thread(api, mod):
    cid = api.post_comment(body="Teh bridge is *late*.").json["id"]
    etag = api.listing().headers["ETag"]
    response = mod.patch(f"/comments/{cid}", {"body": "The bridge is *late*. [edited]",
                                              "reason_code": "other"})
    assert response.status_code == 200 and response.json["changed"] is True
    [item] = api.listing().json["items"]
    assert item["html"] == "<p>The bridge is <em>late</em>. [edited]</p>"
    assert item["edited_at"] is not None
    assert api.listing().headers["ETag"] != etag
    [revision] = api.rows(CommentRevision)
    assert (revision.comment_id, revision.body) == (cid, "Teh bridge is *late*.")
    view = mod.get(f"/comments/{cid}").json
    assert [r["body"] for r in view["revisions"]] == ["Teh bridge is *late*."]
    assert [h["action"] for h in view["history"]] == ["comment.edit"]
    # The same text again is no change.
    assert mod.patch(f"/comments/{cid}", {"body": "The bridge is *late*. [edited]"}).json[
        "changed"] is False
    assert len(api.rows(CommentRevision)) == 1


@pytest.mark.parametrize("payload", [
    {}, {"body": ""}, {"body": "x"}, {"body": "y" * 5001}, {"body": 3},
    {"body": "Fine text", "reason_code": "because"}, {"body": "Fine text", "extra": True},
])
def test_edit_rejects_bad_input(api, mod, payload):
    cid = api.post_comment().json["id"]
    response = mod.patch(f"/comments/{cid}", payload)
    assert response.status_code == 400
    assert api.rows()[0].body == "A thoughtful comment about the bridge."
    assert api.rows(CommentRevision) == []


def test_actions_on_unknown_comments_are_404(api, mod):
    assert mod.post("/comments/999/approve").status_code == 404
    assert mod.patch("/comments/999", {"body": "New text"}).status_code == 404
    assert mod.get("/comments/999").status_code == 404
    assert mod.post("/comments/1/frobnicate").status_code == 404


@pytest.mark.parametrize("reasons", [
    {"reason_code": "nope"}, {"reason_text": "x" * 2001}, {"reason_code": 5}, {"other": 1},
])
def test_bad_reasons_change_nothing(api, mod, reasons):
    cid = api.post_comment().json["id"]
    response = mod.post(f"/comments/{cid}/reject", json=reasons)
    assert response.status_code == 400
    assert api.rows()[0].status is CommentStatus.APPROVED
    assert audit_actions(api) == []


def test_bulk_applies_one_action_to_all(api, mod):
    ids = [api.post_comment(body=f"Comment number {n}").json["id"] for n in range(3)]
    response = mod.post("/bulk", json={"action": "reject", "ids": ids,
                                       "reason_code": "spam"})
    assert response.status_code == 200
    assert [(i["id"], i["status"], i["changed"]) for i in response.json["items"]] == [
        (i, "rejected", True) for i in ids]
    assert public_ids(api) == [] and count(api) == 0
    assert [a[0] for a in audit_actions(api)] == ["comment.reject"] * 3


@pytest.mark.parametrize("bad", [[999], [-1], ["1"], [None]])
def test_bulk_with_one_bad_id_changes_nothing(api, mod, bad):
    ids = [api.post_comment(body=f"Comment number {n}").json["id"] for n in range(2)]
    response = mod.post("/bulk", json={"action": "delete", "ids": [*ids, *bad]})
    assert response.status_code in (400, 404)
    assert response.json["error"]["fields"]["ids"]
    assert {c.status for c in api.rows()} == {CommentStatus.APPROVED}
    assert count(api) == 2 and audit_actions(api) == []


def test_bulk_rejects_unknown_actions(api, mod):
    cid = api.post_comment().json["id"]
    assert mod.post("/bulk", json={"action": "burn", "ids": [cid]}).status_code == 400
    assert api.rows()[0].status is CommentStatus.APPROVED


def test_queue_lists_every_status_with_filters(api, mod, client):
    approved = api.post_comment(body="Bridge opening is welcome.").json["id"]
    spam = api.post_comment(hp="x", body="Cheap watches here", email="bot@spam.example",
                            ip="203.0.113.9").json["id"]
    other = api.post_comment(thread="/other", author="Bob", body="Elsewhere.").json["id"]

    def ids(**params):
        response = mod.get("/comments", **params)
        assert response.status_code == 200, response.json
        return [c["id"] for c in response.json["items"]]

    assert ids() == [other, spam, approved]
    assert ids(sort="oldest") == [approved, spam, other]
    assert ids(status="spam") == [spam]
    assert ids(status="approved,spam", thread=THREAD) == [spam, approved]
    assert ids(email="bot@spam.example") == [spam]
    assert ids(ip="203.0.113.9") == [spam] and ids(ip="203.0.113.") == [spam]
    assert ids(q="WATCHES") == [spam]
    assert ids(author="bob") == [other]
    assert ids(score_min=0.9) == [spam] and ids(score_max=0.5) == [other, approved]
    assert ids(reported="true") == []
    assert ids(**{"from": "2000-01-01T00:00:00Z", "to": "2001-01-01T00:00:00Z"}) == []

    item = mod.get("/comments", status="spam").json["items"][0]
    assert item["email"] == "bot@spam.example" and item["ip"] == "203.0.113.9"
    assert item["spam"]["score"] >= 0.9 and item["spam"]["reasons"][0]["code"] == "honeypot"
    assert item["thread"]["key"] == THREAD
    assert [h["action"] for h in item["history"]] == ["filter.spam"]

    first = mod.get("/comments", limit=2).json
    assert [c["id"] for c in first["items"]] == [other, spam] and first["next"]
    second = mod.get("/comments", limit=2, cursor=first["next"]).json
    assert [c["id"] for c in second["items"]] == [approved] and second["next"] is None


def test_queue_finds_comments_by_network(api, mod):
    addresses = ["203.0.113.9", "203.0.113.200", "203.0.114.1", "2001:db8:0:1::5",
                 "2001:db8:1::5", "not an address"]
    posted = {ip: api.post_comment(ip=ip, body=f"Posted from address number {n}.").json["id"]
              for n, ip in enumerate(addresses)}
    # The last one's address could not be read, so it is stored as "unknown".
    assert {c.ip for c in api.rows()} == {*addresses[:-1], "unknown"}

    def found(ip):
        response = mod.get("/comments", ip=ip, sort="oldest")
        assert response.status_code == 200, response.json
        return [c["id"] for c in response.json["items"]]

    def ids(*ips):
        return [posted[ip] for ip in ips]

    assert found("203.0.113.0/24") == ids("203.0.113.9", "203.0.113.200")
    assert found("203.0.113.77/24") == ids("203.0.113.9", "203.0.113.200")
    assert found("203.0.112.0/20") == ids("203.0.113.9", "203.0.113.200", "203.0.114.1")
    assert found("203.0.113.9/32") == ids("203.0.113.9")
    assert found("0.0.0.0/0") == ids("203.0.113.9", "203.0.113.200", "203.0.114.1")
    assert found("2001:db8::/32") == ids("2001:db8:0:1::5", "2001:db8:1::5")
    assert found("2001:db8::/48") == ids("2001:db8:0:1::5")
    assert found("2001:DB8:0:1:0:0:0:5") == ids("2001:db8:0:1::5")
    assert found("198.51.100.0/24") == []
    assert found("unknown") == ids("not an address")


@pytest.mark.parametrize("params", [
    {"status": "lost"}, {"limit": 0}, {"limit": 201}, {"score_min": 2}, {"cursor": "!!"},
    {"from": "yesterday"}, {"sort": "random"}, {"unknown": 1}, {"ip": "203.0.113.0/33"},
    {"ip": "2001:db8::/129"}, {"ip": "harbour"}, {"ip": "203.0.113.0/"},
])
def test_queue_rejects_bad_filters(mod, params):
    response = mod.get("/comments", **params)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_failed"


def test_threads_close_reopen_and_premoderate(api, mod):
    api.post_comment()
    [thread] = api.rows(Thread)
    listed = mod.get("/threads", key="harbour").json["items"]
    assert [t["id"] for t in listed] == [thread.id]

    closed = mod.patch(f"/threads/{thread.id}", {"closed": True, "reason_code": "other"})
    assert closed.status_code == 200 and closed.json["thread"]["closed"] is True
    assert api.listing().json["thread"]["closed"] is True
    assert api.post_comment(body="Too late now.").status_code == 403
    assert mod.patch(f"/threads/{thread.id}", {"closed": True}).json["changed"] is False

    mod.patch(f"/threads/{thread.id}", {"closed": False, "moderation": "all"})
    held = api.post_comment(body="Waits for a moderator.")
    assert held.status_code == 201 and held.json["status"] == "pending"
    mod.patch(f"/threads/{thread.id}", {"moderation": None})
    assert api.post_comment(body="Published at once.").json["status"] == "approved"

    updates = [e for e in api.rows(AuditEntry) if e.action == "thread.update"]
    assert [(e.before, e.after) for e in updates] == [
        ({"closed": False, "moderation": None}, {"closed": True, "moderation": None}),
        ({"closed": True, "moderation": None}, {"closed": False, "moderation": "all"}),
        ({"closed": False, "moderation": "all"}, {"closed": False, "moderation": None}),
    ]
    assert mod.patch(f"/threads/{thread.id}", {}).status_code == 400
    assert mod.patch(f"/threads/{thread.id}", {"moderation": "some"}).status_code == 400
    assert mod.patch("/threads/999", {"closed": True}).status_code == 404


def test_the_filter_records_what_it_held(api, mod):
    api.post_comment(hp="bot")
    api.post_comment(body="Plain and fine.")
    [thread] = api.rows(Thread)
    mod.patch(f"/threads/{thread.id}", {"moderation": "all"})
    api.post_comment(body="Waits for a moderator.")
    filtered = [(e.action, e.actor, e.reason_code) for e in api.rows(AuditEntry)
                if e.action.startswith("filter.")]
    assert filtered == [("filter.spam", "spam-filter", "honeypot"),
                        ("filter.hold", "spam-filter", "premoderation")]
    assert [c.status for c in api.rows(Comment)] == [
        CommentStatus.SPAM, CommentStatus.APPROVED, CommentStatus.PENDING]


def test_audit_listing_filters_and_pages(api, mod):
    ids = [api.post_comment(body=f"Comment number {n}").json["id"] for n in range(3)]
    for cid in ids:
        mod.post(f"/comments/{cid}/reject")
    mod.post(f"/comments/{ids[0]}/approve")
    page = mod.get("/audit", limit=2).json
    assert [(e["action"], e["comment"]) for e in page["items"]] == [
        ("comment.approve", ids[0]), ("comment.reject", ids[2])]
    rest = mod.get("/audit", limit=2, cursor=page["next"]).json
    assert [e["comment"] for e in rest["items"]] == [ids[1], ids[0]]
    last = mod.get("/audit", limit=2, cursor=rest["next"]).json
    assert [e["action"] for e in last["items"]] == ["token.create"] and last["next"] is None
    assert [e["action"] for e in mod.get("/audit", comment=ids[0]).json["items"]] == [
        "comment.approve", "comment.reject"]
    assert len(mod.get("/audit", action="comment").json["items"]) == 4
    assert len(mod.get("/audit", action="comment.approve").json["items"]) == 1
    assert len(mod.get("/audit", actor="desk").json["items"]) == 4
    assert mod.get("/audit", actor="nobody").json["items"] == []
    assert mod.get("/audit", token="x").status_code == 400


def test_a_queue_page_costs_the_same_queries_whatever_its_size(app, api, mod, client):
    import sqlalchemy as sa

    from service.extensions import db

    ids = [api.post_comment(body=f"Comment number {n}").json["id"]
           for n in range(12)]
    for cid in ids[:6]:
        client.post(f"/api/v1/comments/{cid}/reports", json={"category": "spam"})
        mod.patch(f"/comments/{cid}", {"body": f"Edited comment {cid}"})
    mod.get("/comments")  # the token's last use is stamped once, outside what we count

    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        sizes = {}
        for limit in (2, 12):
            statements.clear()
            response = mod.get("/comments", limit=limit)
            assert len(response.json["items"]) == limit
            sizes[limit] = len(statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert 0 < sizes[2] == sizes[12]
