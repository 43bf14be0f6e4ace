"""The XSS corpus, server side: posted as author, website and body, approved, and every
stored or served piece of HTML stays within the allowlist of service/rendering.py."""

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service import comments
from service.extensions import db
from service.models import Comment, CommentStatus
from tests.xss_corpus import allowlist_problems, vectors

VECTORS = vectors()
FIELDS = ["author", "website", "body"]


def test_corpus_is_large_enough():
    assert len(VECTORS) >= 100
    assert len(set(VECTORS)) == len(VECTORS)


@pytest.mark.parametrize("html, problems", [
    ('<p>ok <a href="https://e.org" rel="nofollow ugc noopener">x</a></p>', []),
    ('<p onclick="x()">x</p>', ["attribute onclick on <p>"]),
    ('<a href="javascript:x()" rel="nofollow ugc noopener">x</a>', ["href scheme javascript:"]),
    ("<img src=x>", ["tag <img>", "attribute src on <img>"]),
    ("<!-- x -->", ["comment"]),
])
def test_allowlist_check_finds_what_leaves_the_allowlist(html, problems):
    assert allowlist_problems(html) == problems


def submit_corpus(api, field: str) -> dict[int, str]:
    """Post every vector in one field; return the stored ones' ids to their vectors."""
    stored = {}
    for n, vector in enumerate(VECTORS):
        value = f"https://example.org/{vector}" if field == "website" and n % 2 else vector
        response = api.post_comment(thread=f"/xss/{field}", **{field: value})
        assert response.status_code in (201, 400), (vector, response.status_code)
        if response.status_code == 201:
            stored[response.json["id"]] = vector
    return stored


def approve_all(app):
    with app.app_context():
        held = db.session.execute(
            db.select(Comment).where(Comment.status != CommentStatus.APPROVED)).scalars()
        for comment in held:
            comments.set_status(comment, CommentStatus.APPROVED, actor="test")
        db.session.commit()


def listed(api, thread: str) -> list[dict]:
    items, cursor = [], None
    for _ in range(20):  # 200 a page: more than enough pages for the corpus
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = api.listing(thread, **params).json
        items += page["items"]
        cursor = page["next"]
        if not cursor:
            return items
    raise AssertionError("listing did not end")


@pytest.mark.slow
@pytest.mark.parametrize("field", FIELDS)
def test_corpus_never_leaves_the_allowlist(app, api, field, capsys):
    stored = submit_corpus(api, field)
    approve_all(app)
    problems = {}
    for row in api.rows():
        found = allowlist_problems(row.html)
        if row.website is not None and urlsplit(row.website).scheme not in ("http", "https"):
            found.append(f"website {row.website!r}")
        if found:
            problems[stored[row.id]] = found
    assert problems == {}
    items = listed(api, f"/xss/{field}")
    assert sorted(item["id"] for item in items) == sorted(stored)
    for item in items:
        assert allowlist_problems(item["html"]) == [], item
    if field == "body":
        assert len(stored) == len(VECTORS)  # every vector is a valid comment text
    with capsys.disabled():
        print(f"\nxss corpus: {len(VECTORS)} vectors as {field}: {len(stored)} stored and "
              f"approved, {len(VECTORS) - len(stored)} refused")


# --- rendering without the link pass where no link can be ---------------------------

LINKISH = [
    "See https://example.org/a?b=c.", "mail me: ann@example.org", "www.example.com",
    "example.com and EXAMPLE.COM", "//localhost/path", "пример.рф", "xn--e1afmkfd.xn--p1ai",
    "a.b", "end.Start of a sentence without a space", "mailto:ann@example.org",
    "<http://example.org>", "[text](https://example.org)", "x\\.com", "x&#46;com",
    "*example*.com", "`example.com`", "ftp://example.org", "1.5 million, 2.0 and 3.",
    "Ends with a dot. Then more. *Comment 5.* And `code.`", "no links here at all",
]


def _full_render(text: str) -> str:
    from service import rendering

    # What render() did for every text before: always the link pass.
    return rendering.sanitise(rendering._markdown(True).render(text))


@pytest.mark.parametrize("text", LINKISH + VECTORS[:200])
def test_rendering_skips_the_link_pass_only_where_it_changes_nothing(text):
    from service import rendering

    assert rendering.render(text) == _full_render(text)


PIECES = [*"ab.:@/ *_`\\<>[]()#&;\n-1xé", "xn--", "com", "www", "http", "Рф"]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_rendering_with_and_without_the_link_pass_agree_on_generated_text(text):
    from service import rendering

    assert rendering.render(text) == _full_render(text)
