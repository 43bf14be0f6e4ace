"""The console's stats, audit and threads pages, through the Flask client on each backend."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from service.models import AuditEntry, ModerationMode, Report, Role, Thread, utcnow
from tests.helpers.console import ADMIN, backdate, make_account, sign_in_client
from tests.helpers.moderation import Mod, make_token

MARK = re.compile(r'<rect class="mark[^"]*" [^>]*data-series="([a-z_]+)" '
                  r'data-label="([^"]+)" data-value="(\d+)"')
FIGURE = re.compile(r'data-figure="([a-z]+)">([^<]+)<')


def marks(html: str, chart: str) -> list[tuple[str, str, int]]:
    """Return the (series, label, value) of every mark of one chart on the page."""
    svg = re.search(rf'<svg [^>]*data-chart="{chart}".*?</svg>', html, re.S)
    return [] if svg is None else [(s, lbl, int(v)) for s, lbl, v in MARK.findall(svg[0])]


@pytest.fixture
def desk(app, client):
    """Sign in a moderator; return the session's CSRF token."""
    make_account(app)
    return sign_in_client(client)


@pytest.fixture
def seeded(app, api, client):
    """Post a known week: comments today and two days ago, a spam, a report, decisions."""
    ids = [api.post_comment(body=f"Comment {n} about the harbour bridge works.").json["id"]
           for n in range(4)]
    backdate(app, ids[0], days=2)
    api.post_comment(hp="bot", body="Honeypot spam.")
    assert client.post(f"/api/v1/comments/{ids[1]}/reports",
                       json={"category": "harassment"},
                       environ_base={"REMOTE_ADDR": "198.51.100.1"}).status_code == 201
    mod = Mod(client, make_token(app, Role.MODERATOR, name="desk-bot"))
    assert mod.post(f"/comments/{ids[1]}/reject",
                    {"reason_code": "harassment"}).status_code == 200
    assert mod.post(f"/comments/{ids[2]}/spam", {"reason_code": "spam"}).status_code == 200
    return ids


def test_pages_send_a_signed_out_person_to_sign_in(client):
    for path in ("/console/stats", "/console/audit", "/console/threads"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/console/signin?next=" in response.headers["Location"]


def test_stats_draw_the_seeded_week(client, desk, seeded):
    page = client.get("/console/stats")
    assert page.status_code == 200
    html = page.text
    figures = dict(FIGURE.findall(html))
    assert (figures["received"], figures["spam"], figures["held"]) == ("5", "1", "0")
    assert figures["decisions"] == "2" and figures["reports"] == "1"
    today = utcnow().date()
    daily = marks(html, "daily")
    assert ("published", today.isoformat(), 3) in daily
    assert ("spam", today.isoformat(), 1) in daily
    assert ("published", (today - timedelta(days=2)).isoformat(), 1) in daily
    assert sum(v for _, _, v in daily) == 5
    assert sorted((v, s) for s, _, v in marks(html, "outcomes")) == [(1, "reject"),
                                                                     (1, "spam")]
    assert {(s, v) for s, _, v in marks(html, "reasons")} == {("harassment", 1), ("spam", 1)}
    assert [(s, v) for s, _, v in marks(html, "categories")] == [("harassment", 1)]
    assert html.count('data-table="daily"') == 1 and 'aria-current="true">Last 7 days' in html


def test_stats_for_today_leave_out_earlier_days(client, desk, seeded):
    html = client.get("/console/stats", query_string={"days": 1}).text
    assert dict(FIGURE.findall(html))["received"] == "4"
    assert {label for _, label, _ in marks(html, "daily")} == {utcnow().date().isoformat()}


def test_stats_of_a_past_period_are_empty_not_broken(client, desk, seeded):
    html = client.get("/console/stats", query_string={"from": "2020-01-01",
                                                     "to": "2020-01-31"}).text
    assert dict(FIGURE.findall(html))["received"] == "0"
    assert marks(html, "daily") == [] and html.count("Nothing in this period.") == 4


@pytest.mark.parametrize("query", [
    {"from": "2026-02-01", "to": "2026-01-01"},
    {"from": "2020-01-01", "to": "2026-01-01"},
    {"from": "soon"},
    {"from": "2020-01-01"},
    {"from": "2999-01-01"},
    {"days": "8"},
    {"days": "-1"},
])
def test_stats_refuse_a_bad_period(client, desk, query):
    response = client.get("/console/stats", query_string=query)
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "<svg" not in response.text


def test_audit_filters_by_action_and_actor(app, client, desk, seeded):
    everything = client.get("/console/audit").text
    assert everything.count("data-entry=") >= 4
    rejected = client.get("/console/audit", query_string={"action": "comment.reject",
                                                          "actor": "", "from": ""}).text
    assert rejected.count("data-entry=") == 1 and "comment.reject" in rejected
    by_filter = client.get("/console/audit", query_string={"actor": "spam-filter"}).text
    assert by_filter.count("data-entry=") == 1 and "filter.spam" in by_filter
    assert client.get("/console/audit",
                      query_string={"from": "2020-01-01", "to": "2020-02-01"}).text.count(
                          "data-entry=") == 0


def test_audit_pages_through_older_entries(client, desk, seeded):
    first = client.get("/console/audit", query_string={"limit": 2})
    assert first.text.count("data-entry=") == 2
    older = re.search(r'href="\?([^"]*cursor=[^"]+)"', first.text)[1].replace("&amp;", "&")
    second = client.get(f"/console/audit?{older}")
    assert second.status_code == 200 and second.text.count("data-entry=") == 2
    assert set(re.findall(r'data-entry="(\d+)"', first.text)).isdisjoint(
        re.findall(r'data-entry="(\d+)"', second.text))


@pytest.mark.parametrize("query", [
    {"token": "abc"}, {"comment": "0"}, {"thread": "-3"}, {"from": "yesterday"},
    {"cursor": "not-a-cursor"}, {"action": "x" * 41}, {"limit": "500"}, {"colour": "red"},
])
def test_audit_refuses_bad_filters(client, desk, query):
    response = client.get("/console/audit", query_string=query)
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "data-entry=" not in response.text


def _thread(app, key=None) -> Thread:
    with app.app_context():
        return Thread.query.filter_by(key=key or "/news/2026/11/harbour-bridge").one()


def test_threads_are_found_by_key_or_title(app, api, client, desk):
    api.post_comment(thread="/news/harbour", title="Harbour Bridge to close", body="One.")
    api.post_comment(thread="/news/budget", title="Council budget", body="Two.")
    assert 'data-thread=' in client.get("/console/threads?q=budget").text
    by_title = client.get("/console/threads", query_string={"q": "bridge to"}).text
    assert by_title.count("data-thread=") == 1 and "/news/harbour" in by_title
    assert client.get("/console/threads?q=nothing-like-it").text.count("data-thread=") == 0


def test_threads_close_reopen_and_premoderate_through_the_domain(app, api, client, desk):
    api.post_comment(body="First.")
    thread = _thread(app)
    url = f"/console/threads/{thread.id}"
    closed = client.post(url, data={"closed": "true", "csrf_token": desk})
    assert closed.status_code == 303 and "done=closed" in closed.headers["Location"]
    assert _thread(app).closed
    assert api.post_comment(body="Too late.").status_code != 201
    client.post(url, data={"closed": "false", "csrf_token": desk})
    assert not _thread(app).closed
    client.post(url, data={"moderation": "all", "csrf_token": desk})
    assert _thread(app).moderation is ModerationMode.ALL
    client.post(url, data={"moderation": "", "csrf_token": desk})
    assert _thread(app).moderation is None
    with app.app_context():
        entries = AuditEntry.query.filter_by(action="thread.update").all()
        assert len(entries) == 4
        assert {e.actor for e in entries} == {"mo@example.org"}
        assert all(e.account_id is not None and e.token_id is None for e in entries)


@pytest.mark.parametrize(("form", "status"), [
    ({"closed": "maybe"}, 400),
    ({"moderation": "sometimes"}, 400),
    ({}, 400),
    ({"closed": "true", "thread": "999999"}, 404),
])
def test_threads_refuse_bad_settings_and_change_nothing(app, api, client, desk, form, status):
    api.post_comment(body="First.")
    form = dict(form)  # the parameters are shared by both backends' runs
    thread_id = form.pop("thread", None) or _thread(app).id
    response = client.post(f"/console/threads/{thread_id}", data={**form, "csrf_token": desk})
    assert response.status_code == status
    assert 'role="alert"' in response.text
    thread = _thread(app)
    assert not thread.closed and thread.moderation is None
    with app.app_context():
        assert AuditEntry.query.filter_by(action="thread.update").count() == 0


def test_thread_change_without_csrf_is_refused(app, api, client, desk):
    api.post_comment(body="First.")
    thread = _thread(app)
    response = client.post(f"/console/threads/{thread.id}", data={"closed": "true"})
    assert response.status_code == 403
    assert not _thread(app).closed


def test_report_waits_are_bucketed(app, client, desk, seeded):
    with app.app_context():
        from service.extensions import db
        report = Report.query.one()
        report.resolved_at = report.created_at + timedelta(hours=2)
        db.session.commit()
    html = client.get("/console/stats").text
    assert [(s, v) for s, _, v in marks(html, "waits") if v] == [("six_hours", 1)]


def test_an_admin_sees_the_admin_menu_and_a_moderator_does_not(app, client, desk):
    assert "/console/admin/accounts" not in client.get("/console/stats").text
    make_account(app, ADMIN, Role.ADMIN)
    admin = app.test_client()
    sign_in_client(admin, ADMIN)
    assert "/console/admin/accounts" in admin.get("/console/stats").text


def test_stats_compare_with_the_period_before(app, client, desk, seeded):
    # One seeded comment moves into the week before the one shown.
    backdate(app, seeded[3], days=8)
    html = client.get("/console/stats").text
    assert dict(FIGURE.findall(html))["received"] == "4"
    before = dict(re.findall(r'data-before="([a-z]+)">previous period: ([^<]+)<', html))
    assert before["received"] == "1" and before["spam"] == "0"


@pytest.mark.parametrize(("path", "heading"), [
    ("/console/stats", "Statistiques"),
    ("/console/audit", "Journal d\N{RIGHT SINGLE QUOTATION MARK}audit"),
    ("/console/threads", "Fils de discussion"),
])
def test_pages_speak_french_when_asked(client, desk, path, heading):
    response = client.get(path, query_string={"lang": "fr"})
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text and '<html lang="fr">' in response.text
