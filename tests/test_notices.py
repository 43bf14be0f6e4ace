"""Notices (DSA Art. 16): what a notice of illegal content must carry, trusted flaggers."""

from __future__ import annotations

import pytest

from service.models import Report, Role, TrustedFlagger
from tests.helpers.moderation import Mod, make_token
from tests.helpers.notices import ILLEGAL, messages, report, to


@pytest.fixture
def mod(app, client):
    return Mod(client, make_token(app, Role.MODERATOR, name="desk"))


@pytest.fixture
def admin(app, client):
    return Mod(client, make_token(app, Role.ADMIN, name="chief"))


def test_a_notice_of_illegal_content_is_stored_with_everything_it_says(api, client, mod):
    cid = api.post_comment().json["id"]
    with messages() as sent:
        response = report(client, cid, **ILLEGAL)

    assert response.status_code == 201
    assert response.json == {"id": response.json["id"], "status": "received"}
    assert "rita@example.org" not in response.get_data(as_text=True)
    [stored] = api.rows(Report)
    assert (stored.category.value, stored.law, stored.country, stored.explanation,
            stored.reporter_name, stored.reporter_email, stored.good_faith) == (
        "illegal_content", ILLEGAL["law"], "FR", ILLEGAL["explanation"], "Rita Reporter",
        "rita@example.org", True)
    # The reporter is acknowledged; the message says what was reported, nothing more.
    [(address, ack)] = to(sent, "notice_received")
    assert address == "rita@example.org"
    assert (ack["notice_id"], ack["comment_id"], ack["category"], ack["law"]) == (
        stored.id, cid, "illegal_content", ILLEGAL["law"])
    assert "ann@example.com" not in str(ack)

    # Moderators see the notice's substance, and not the reporter's address.
    seen = mod.get(f"/comments/{cid}").json["reports"][0]
    assert (seen["law"], seen["country"], seen["reporter_name"], seen["good_faith"],
            seen["trusted_flagger"]) == (ILLEGAL["law"], "FR", "Rita Reporter", True, False)
    assert "rita@example.org" not in mod.get(f"/comments/{cid}").get_data(as_text=True)


@pytest.mark.parametrize("missing", ["law", "country", "explanation", "reporter_name",
                                     "reporter_email", "good_faith"])
def test_a_notice_of_illegal_content_without_a_field_is_refused(api, client, missing):
    cid = api.post_comment().json["id"]
    notice = {k: v for k, v in ILLEGAL.items() if k != missing}

    response = report(client, cid, **notice)

    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_failed"
    assert set(response.json["error"]["fields"]) == {missing}
    assert api.rows(Report) == []


def test_every_missing_field_is_named_at_once(api, client):
    cid = api.post_comment().json["id"]
    response = report(client, cid, category="illegal_content", good_faith=False)
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {
        "law", "country", "explanation", "reporter_name", "reporter_email", "good_faith"}
    assert api.rows(Report) == []


@pytest.mark.parametrize(("fields", "bad"), [
    ({**ILLEGAL, "country": "France"}, "country"),
    ({**ILLEGAL, "country": "F1"}, "country"),
    ({**ILLEGAL, "reporter_email": "not an address"}, "reporter_email"),
    ({**ILLEGAL, "law": "x" * 501}, "law"),
    ({**ILLEGAL, "reporter_name": "a\u202eb"}, "reporter_name"),
    ({**ILLEGAL, "good_faith": "perhaps"}, "good_faith"),
    ({"category": "spam", "flagger_token": "mgf_not-a-token"}, "flagger_token"),
    ({"category": "spam", "unknown": 1}, "unknown"),
])
def test_bad_notice_fields_are_refused(api, client, fields, bad):
    cid = api.post_comment().json["id"]
    response = report(client, cid, **fields)
    assert response.status_code == 400
    assert bad in response.json["error"]["fields"]
    assert "rita@example.org" not in response.get_data(as_text=True)
    assert api.rows(Report) == []


def test_child_safety_may_be_reported_anonymously(api, client):
    cid = api.post_comment().json["id"]
    with messages() as sent:
        response = report(client, cid, category="child_safety")
    assert response.status_code == 201
    [stored] = api.rows(Report)
    assert (stored.priority, stored.reporter_email, stored.reporter_name) == (True, None, None)
    # Nobody to acknowledge.
    assert to(sent, "notice_received") == []


def test_trusted_flaggers_come_after_child_safety(api, client, mod, admin, runner):
    created = admin.post("/flaggers", json={"name": "Hotline", "token": True})
    assert created.status_code == 201
    token = created.json["token"]
    assert token.startswith("mgf_") and created.json["by_token"] is True
    result = runner.invoke(args=["dsa", "flagger", "add", "--name", "Watch",
                                 "--email", "Watch@Example.org", "--no-token"])
    assert result.exit_code == 0, result.output

    plain, flagged_by_token, flagged_by_address, child = (
        api.post_comment(body=f"Comment number {n}").json["id"] for n in range(4))
    assert report(client, plain, ip="198.51.100.1", category="spam").status_code == 201
    assert report(client, plain, ip="198.51.100.2", category="spam").status_code == 201
    assert report(client, flagged_by_token, category="hate_speech",
                  flagger_token=token).status_code == 201
    assert report(client, flagged_by_address, **{
        **ILLEGAL, "reporter_email": "watch@example.org"}).status_code == 201
    assert report(client, child, category="child_safety").status_code == 201

    queue = mod.get("/comments", sort="urgent").json["items"]
    assert [c["id"] for c in queue] == [child, flagged_by_token, flagged_by_address, plain]
    assert [c["trusted"] for c in queue] == [False, True, True, False]
    flaggers = {f.name: f.id for f in api.rows(TrustedFlagger)}
    by_comment = {r.comment_id: r.flagger_id for r in api.rows(Report)}
    assert by_comment[flagged_by_token] == flaggers["Hotline"]
    assert by_comment[flagged_by_address] == flaggers["Watch"]
    # Paging through the urgent order keeps it.
    first = mod.get("/comments", sort="urgent", limit=2).json
    rest = mod.get("/comments", sort="urgent", limit=2, cursor=first["next"]).json
    assert [c["id"] for c in first["items"] + rest["items"]] == [
        child, flagged_by_token, flagged_by_address, plain]


def test_flaggers_are_listed_without_their_address_or_token(admin, mod, runner, api):
    assert admin.post("/flaggers", json={"name": "Hotline", "email": "h@example.org"}
                      ).status_code == 201
    listed = admin.get("/flaggers")
    assert listed.status_code == 200
    assert [(f["name"], f["by_email"], f["by_token"]) for f in listed.json["items"]] == [
        ("Hotline", True, True)]
    assert "h@example.org" not in listed.get_data(as_text=True)
    # Moderators may not manage them.
    assert mod.get("/flaggers").status_code == 403

    result = runner.invoke(args=["dsa", "flagger", "list"])
    assert result.exit_code == 0 and "Hotline\tyes\tyes" in result.output
    result = runner.invoke(args=["dsa", "flagger", "remove", "Hotline"])
    assert result.exit_code == 0, result.output
    assert api.rows(TrustedFlagger) == []


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"name": "Hotline"}, 409, None),
    ({"name": "Other", "email": "h@example.org"}, 409, None),
    ({"name": "", "token": True}, 400, "name"),
    ({"name": "Nobody", "token": False}, 400, "email"),
    ({"name": "Bad", "email": "nope"}, 400, "email"),
])
def test_bad_flaggers_are_refused(admin, api, body, status, field):
    assert admin.post("/flaggers", json={"name": "Hotline", "email": "h@example.org"}
                      ).status_code == 201
    response = admin.post("/flaggers", json=body)
    assert response.status_code == status
    if field:
        assert field in response.json["error"]["fields"]
    assert len(api.rows(TrustedFlagger)) == 1


@pytest.mark.parametrize("args", [
    ["dsa", "flagger", "add", "--name", "X", "--no-token"],
    ["dsa", "flagger", "add", "--name", "X", "--email", "not an address"],
    ["dsa", "flagger", "remove", "nobody"],
])
def test_flagger_cli_explains_mistakes_without_a_traceback(runner, api, args):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "Error" in result.output
    assert api.rows(TrustedFlagger) == []


def test_a_reporters_data_is_exported_and_erased_with_the_rest(api, client, admin):
    cid = api.post_comment().json["id"]
    assert report(client, cid, **{**ILLEGAL, "reporter_email": "Rita@Example.org"}
                  ).status_code == 201
    exported = admin.post("/personal-data/export", json={"email": "rita@example.org"})
    assert exported.status_code == 200
    assert [(n["comment"], n["law"], n["reporter_name"]) for n in exported.json["notices"]] == [
        (cid, ILLEGAL["law"], "Rita Reporter")]

    erased = admin.post("/personal-data/erase", json={"email": "rita@example.org",
                                                      "comments": "anonymise"})
    assert erased.status_code == 200
    [stored] = api.rows(Report)
    assert (stored.reporter_email, stored.reporter_name, stored.law) == (
        None, None, ILLEGAL["law"])


def test_a_removed_flaggers_notices_stay_its_own(api, client, admin):
    cid = api.post_comment().json["id"]
    created = admin.post("/flaggers", json={"name": "Hotline"}).json
    assert report(client, cid, category="spam", flagger_token=created["token"]
                  ).status_code == 201
    assert admin.delete(f"/flaggers/{created['id']}").status_code == 204
    assert admin.get("/flaggers").json["items"] == []
    assert [r.flagger_id for r in api.rows(Report)] == [created["id"]]
    # Its token no longer works.
    assert report(client, cid, ip="198.51.100.9", category="spam",
                  flagger_token=created["token"]).status_code == 400
