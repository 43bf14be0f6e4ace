"""The console's complaints page through the Flask client, on each backend."""

from __future__ import annotations

import pytest

from service.models import Appeal, AuditEntry, Comment, CommentStatus
from tests.helpers.appeals import COMPLAINT, DECISION, file_complaint, reject_in_console
from tests.helpers.console import MODERATOR, make_account, sign_in_client

OTHER = "bo@example.org"
TEXT_MAX = 5000  # COMPLAINT_TEXT_MAX_LENGTH's default
BODY = "The mayor **took** bribes, says the ruling. <script>alert(1)</script>"


@pytest.fixture
def case(app, api):
    """A comment rejected by the first moderator in the console, contested by its author."""
    make_account(app, MODERATOR, name="Ann Desk")
    make_account(app, OTHER, name="Bob Desk")
    cid = api.post_comment(author="Carl Author", email="carl@example.org",
                           body=BODY).json["id"]
    ann = app.test_client()
    csrf = sign_in_client(ann, MODERATOR)
    reject_in_console(ann, csrf, cid)
    return {"comment": cid, "appeal": file_complaint(app, cid), "ann": ann, "ann_csrf": csrf}


@pytest.fixture
def bob(app):
    """The second moderator, signed in: (client, csrf token)."""
    client = app.test_client()
    return client, sign_in_client(client, OTHER)


def decision_count(api) -> int:
    return sum(e.action.startswith("appeal.") and e.action != "appeal.receive"
               for e in api.rows(AuditEntry))


def test_the_page_lists_the_open_complaint_with_its_case(case, bob, api):
    client, _ = bob
    page = client.get("/console/appeals")
    assert page.status_code == 200
    html = page.text
    assert f'data-appeal="{case["appeal"]}"' in html
    assert COMPLAINT in html
    assert "the comment&#39;s author (Carl Author)" in html
    assert "carl@example.org" not in html and MODERATOR not in html
    assert "comment.reject" in html and DECISION["reason_text"] in html
    assert "Ann Desk" in html  # who took it, by name
    assert "Not shown: rejected" in html
    # Its text stays readable for the moderator, folded away and sanitised.
    assert "<details><summary>Its text (not public)</summary>" in html
    assert "<strong>took</strong>" in html and "<script>alert" not in html
    assert "harbour-bridge" in html  # the thread
    assert "1 open" in html
    assert 'aria-current="page">Complaints</a>' in html  # the nav entry
    # Nothing decided yet.
    assert f'data-appeal="{case["appeal"]}"' not in client.get(
        "/console/appeals?decided=1").text


def test_upholding_keeps_the_comment_down(case, bob, api):
    client, csrf = bob
    done = client.post(f"/console/appeals/{case['appeal']}",
                       data={"outcome": "uphold", "reason": "Not a quote.", "csrf_token": csrf})
    assert done.status_code == 303
    [appeal] = api.rows(Appeal)
    assert (appeal.outcome.value, appeal.reason, appeal.decided_by) == (
        "uphold", "Not a quote.", OTHER)
    assert api.rows(Comment)[0].status is CommentStatus.REJECTED
    page = client.get(done.headers["Location"]).text
    assert "The decision is upheld" in page and "0 open" in page
    decided = client.get("/console/appeals?decided=1").text
    assert "Upheld" in decided and "Not a quote." in decided
    assert 'method="post" action="/console/appeals/' not in decided


def test_reversing_restores_the_comment(case, bob, api):
    client, csrf = bob
    done = client.post(f"/console/appeals/{case['appeal']}", data={
        "outcome": "reverse", "reason": "A faithful quote.", "csrf_token": csrf})
    assert done.status_code == 303
    assert api.rows(Appeal)[0].outcome.value == "reverse"
    assert api.rows(Comment)[0].status is CommentStatus.APPROVED
    assert [c["id"] for c in api.listing().json["items"]] == [case["comment"]]
    decided = client.get("/console/appeals?decided=1").text
    # Readers see the sanitised body again; so does the page.
    assert "<strong>took</strong>" in decided and "Reversed" in decided
    assert "<script>alert" not in decided


def test_deciding_your_own_decision_is_refused_and_stores_nothing(case, api):
    response = case["ann"].post(f"/console/appeals/{case['appeal']}", data={
        "outcome": "reverse", "reason": "I was wrong.", "csrf_token": case["ann_csrf"]})
    assert response.status_code == 409
    assert 'role="alert">Another person must decide' in response.text
    [appeal] = api.rows(Appeal)
    assert (appeal.decided_at, appeal.outcome) == (None, None)
    assert api.rows(Comment)[0].status is CommentStatus.REJECTED
    assert decision_count(api) == 0


BAD = [
    pytest.param({"outcome": "reverse"}, 400, id="no-reason"),
    pytest.param({"outcome": "reverse", "reason": "   "}, 400, id="blank-reason"),
    pytest.param({"reason": "Why not."}, 400, id="no-outcome"),
    pytest.param({"outcome": "overturn", "reason": "Why not."}, 400, id="unknown-outcome"),
    pytest.param({"outcome": "reverse", "reason": "x" * (TEXT_MAX + 1)}, 400,
                 id="reason-too-long"),
    pytest.param({"outcome": "reverse", "reason": "x" * 100_000}, 413, id="body-too-large"),
]


@pytest.mark.parametrize(("form", "status"), BAD)
def test_bad_decisions_are_refused_and_store_nothing(case, bob, api, form, status):
    client, csrf = bob
    response = client.post(f"/console/appeals/{case['appeal']}",
                           data={**form, "csrf_token": csrf})
    assert response.status_code == status
    if status == 400:
        assert 'class="error" role="alert"' in response.text
    assert api.rows(Appeal)[0].decided_at is None
    assert api.rows(Comment)[0].status is CommentStatus.REJECTED
    assert decision_count(api) == 0


@pytest.mark.parametrize("token", [None, "forged"])
def test_a_post_without_the_csrf_token_is_refused(case, bob, api, token):
    client, _ = bob
    data = {"outcome": "reverse", "reason": "A faithful quote."}
    if token:
        data["csrf_token"] = token
    assert client.post(f"/console/appeals/{case['appeal']}", data=data).status_code == 403
    assert api.rows(Appeal)[0].decided_at is None
    assert api.rows(Comment)[0].status is CommentStatus.REJECTED


def test_an_unknown_complaint_is_a_404_on_the_page(case, bob, api):
    client, csrf = bob
    response = client.post("/console/appeals/999999", data={
        "outcome": "reverse", "reason": "A faithful quote.", "csrf_token": csrf})
    assert response.status_code == 404
    assert api.rows(Appeal)[0].decided_at is None


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/console/appeals")
    assert response.status_code == 302
    assert "/console/signin" in response.headers["Location"]


def test_the_page_speaks_french(case, bob):
    client, _ = bob
    html = client.get("/console/appeals", headers={"Accept-Language": "fr-FR"}).text
    assert "<h1>Réclamations" in html and "1 en attente" in html
    assert "auteur du commentaire" in html and "Non affiché : refusé" in html
    assert ">Trancher<" in html
