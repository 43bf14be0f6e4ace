"""The statements export (DSA Art. 24(5)) and the transparency report, by CLI and API."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from service.models import Role
from tests.helpers.moderation import Mod, make_token
from tests.helpers.notices import ILLEGAL, report
from tests.helpers.transparency import problems as check

PERSONAL = ("Carl Author", "carl@example.org", "Rita Reporter", "rita@example.org",
            "198.51.100", "192.0.2")


@pytest.fixture
def mod(app, client):
    return Mod(client, make_token(app, Role.MODERATOR, name="desk"))


@pytest.fixture
def admin(app, client):
    return Mod(client, make_token(app, Role.ADMIN, name="chief"))


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def decisions(api, client, mod, admin):
    """Take one decision of each kind Margin makes; return the comment ids by kind."""
    post = lambda n: api.post_comment(author="Carl Author", email="carl@example.org",  # noqa: E731
                                      body=f"Comment {n} about the bridge.").json["id"]
    ids = {kind: post(n) for n, kind in enumerate(
        ["illegal", "flagged", "deleted", "edited", "hidden", "kept"])}
    assert report(client, ids["illegal"], **ILLEGAL).status_code == 201
    mod.post(f"/comments/{ids['illegal']}/reject", json={
        "reason_code": "illegal_content", "reason_text": "Defamation."})
    token = admin.post("/flaggers", json={"name": "Hotline"}).json["token"]
    report(client, ids["flagged"], category="hate_speech", flagger_token=token)
    mod.post(f"/comments/{ids['flagged']}/reject", json={"reason_code": "hate_speech"})
    mod.post(f"/comments/{ids['deleted']}/delete", json={"reason_code": "spam"})
    mod.patch(f"/comments/{ids['edited']}", json={"body": "Comment [edited].",
                                                   "reason_code": "personal_data"})
    for n in range(3):
        report(client, ids["hidden"], ip=f"198.51.100.{n + 10}", category="harassment")
    report(client, ids["kept"], category="spam")
    mod.post(f"/comments/{ids['kept']}/approve")
    return ids


def test_the_export_validates_and_maps_each_decision(api, client, mod, admin, runner,
                                                     tmp_path):
    ids = decisions(api, client, mod, admin)
    out = tmp_path / "statements.jsonl"

    result = runner.invoke(args=["dsa", "statements", "--from", today(), "--to", today(),
                                 "--output", str(out)])

    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    lines = [json.loads(row) for row in text.splitlines()]
    assert [check(line) for line in lines] == [[]] * len(lines)
    assert not [p for p in PERSONAL if p in text]
    by_comment = {int(line["puid"].split("-")[2]): line for line in lines}
    # Kept comments owe no statement; every other decision has exactly one.
    assert set(by_comment) == {ids[k] for k in ("illegal", "flagged", "deleted", "edited",
                                                 "hidden")}
    assert len(lines) == 5
    illegal = by_comment[ids["illegal"]]
    assert (illegal["decision_ground"], illegal["source_type"], illegal["automated_decision"],
            illegal["decision_visibility"], illegal["territorial_scope"]) == (
        "DECISION_GROUND_ILLEGAL_CONTENT", "SOURCE_ARTICLE_16", "No",
        "DECISION_VISIBILITY_CONTENT_DISABLED", ["FR"])
    assert illegal["illegal_content_legal_ground"] == f"{ILLEGAL['law']} (FR)"
    flagged = by_comment[ids["flagged"]]
    assert (flagged["source_type"], flagged["category"], flagged["decision_ground"]) == (
        "SOURCE_TRUSTED_FLAGGER", "STATEMENT_CATEGORY_DISCRIMINATION",
        "DECISION_GROUND_INCOMPATIBLE_CONTENT")
    deleted = by_comment[ids["deleted"]]
    assert (deleted["decision_visibility"], deleted["source_type"], deleted["category"]) == (
        "DECISION_VISIBILITY_CONTENT_REMOVED", "SOURCE_VOLUNTARY",
        "STATEMENT_CATEGORY_VIOLATION_TOS")
    assert by_comment[ids["edited"]]["decision_visibility"] == "DECISION_VISIBILITY_OTHER"
    hidden = by_comment[ids["hidden"]]
    assert (hidden["automated_decision"], hidden["source_type"]) == ("Yes", "SOURCE_ARTICLE_16")
    assert "5 statements of reasons" in result.output


def test_the_export_covers_only_its_period(api, client, mod, admin, runner):
    decisions(api, client, mod, admin)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    result = runner.invoke(args=["dsa", "statements", "--from", yesterday, "--to", yesterday])
    assert result.exit_code == 0
    assert "0 statements of reasons" in result.output
    assert "{" not in result.output


@pytest.mark.parametrize("args", [
    ["--from", "2026-13-01", "--to", "2026-12-31"],
    ["--from", "2026-02-01", "--to", "2026-01-01"],
    ["--from", "yesterday", "--to", "2026-01-01"],
    ["--to", "2026-01-01"],
])
def test_the_export_explains_a_bad_period(runner, args):
    for command in ("statements", "report"):
        result = runner.invoke(args=["dsa", command, *args])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "Error" in result.output


def test_the_transparency_report_as_csv(api, client, mod, admin, runner):
    decisions(api, client, mod, admin)
    result = runner.invoke(args=["dsa", "report", "--from", today(), "--to", today(), "--csv"])
    assert result.exit_code == 0, result.output
    rows = dict(csv.reader(io.StringIO(result.output)))
    assert rows["figure"] == "value"
    assert rows["comments.received"] == "6"
    assert rows["reports.total"] == "6"
    assert rows["complaints.received"] == "0"
    assert rows["complaints.median_seconds_to_decision"] == ""

    answer = mod.get("/stats.csv", **{"from": f"{today()}T00:00:00+00:00"})
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    from_api = dict(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    # The same figures; only the period's end differs (now, against the end of today).
    assert {k: v for k, v in from_api.items() if k != "to"} == {
        k: v for k, v in rows.items() if k != "to"}


def test_stats_default_to_the_last_30_days(api, mod):
    api.post_comment()
    answer = mod.get("/stats")
    assert answer.status_code == 200
    since = datetime.fromisoformat(answer.json["from"])
    until = datetime.fromisoformat(answer.json["to"])
    assert until - since == timedelta(days=30)
    assert until <= datetime.now(UTC)
    assert answer.json["comments"]["received"] == 1
    # With only `to`, the 30 days before it.
    older = mod.get("/stats", to="2026-01-31T00:00:00Z").json
    assert (older["from"], older["comments"]["received"]) == ("2026-01-01T00:00:00+00:00", 0)


@pytest.mark.parametrize("params", [{"from": "2999-01-01"}, {"to": "soon"},
                                    {"from": "2026-02-01", "to": "2026-01-01"}])
def test_stats_csv_refuses_a_bad_period(mod, params):
    answer = mod.get("/stats.csv", **params)
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "validation_failed"
