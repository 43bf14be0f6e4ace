"""Hostile input on every side of a request (body bytes, fields, query, headers, paths):
each gets a 4xx in the common error shape and changes nothing in the database.

tests/test_submit.py covers the basic field rules; this covers what it leaves out.
"""

import json

import pytest
import requests

from service.models import Comment, Thread
from tests.conftest import API
from tests.live_server import serving

GOOD = dict(API.DEFAULTS)
TEXT_FIELDS = ["thread", "author", "body", "title"]
URL_FIELDS = ["website", "url"]
ALL_FIELDS = ["thread", "author", "email", "website", "body", "parent", "title", "url", "hp",
              "elapsed_ms"]
OPTIONAL = {"website", "parent", "title", "url", "hp", "elapsed_ms"}
WRONG_TYPES = [1.5, True, [], {}, ["x"], {"a": 1}, [[[[]]]]]


def assert_refused(api, response, status=400, code=None, field=None):
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert set(error) >= {"code", "message", "fields"}
    assert isinstance(error["fields"], dict)
    if code:
        assert error["code"] == code
    if field:
        assert field in error["fields"], error
    assert api.rows() == []
    assert api.rows(Thread) == []


def post_raw(api, data: bytes, content_type="application/json", **kwargs):
    return api.client.post("/api/v1/comments", data=data, content_type=content_type, **kwargs)


# --- the body's bytes ------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    pytest.param(b'{"author": "\xc0\xaf"}', id="overlong-slash"),
    pytest.param(b'{"author": "\xed\xa0\x80"}', id="encoded-surrogate"),
    pytest.param(b'{"author": "\xf4\x90\x80\x80"}', id="above-U+10FFFF"),
    pytest.param(b'{"author": "caf\xe9"}', id="latin-1"),
    pytest.param(b'{"author": "\x80"}', id="lone-continuation"),
    pytest.param(json.dumps(GOOD).encode("utf-16"), id="utf-16-with-bom"),
    pytest.param(json.dumps(GOOD).encode("utf-32"), id="utf-32"),
    pytest.param(b"\xef\xbb\xbf" + json.dumps(GOOD).encode(), id="utf-8-bom"),
    pytest.param(b'{"thread": "/a", "author": "A"\x00}', id="nul-between-tokens"),
    pytest.param(b"\x00" * 64, id="nul-bytes"),
    pytest.param(b'{"thread": "/a", "thread": "/b"', id="truncated"),
    pytest.param(b"{'thread': '/a'}", id="single-quotes"),
    pytest.param(b'{"elapsed_ms": NaN}', id="nan"),
    pytest.param(b'{"elapsed_ms": Infinity}', id="infinity"),
])
def test_body_that_is_not_strict_utf8_json_is_refused(api, data):
    response = post_raw(api, data)
    assert_refused(api, response, 400)
    assert response.json["error"]["code"] in ("invalid_json", "validation_failed")


@pytest.mark.parametrize("depth", [500, 5_000, 20_000])
@pytest.mark.parametrize("shape", ["list", "object"])
def test_deeply_nested_json_is_refused(api, depth, shape):
    opening, closing = ('[', ']') if shape == "list" else ('{"a":', '}')
    inner = opening * depth + "1" + closing * depth
    data = json.dumps({**GOOD, "body": "x"})[:-1] + f', "hp": {inner}}}'
    response = post_raw(api, data.encode())
    assert_refused(api, response, 413 if len(data) > 65536 else 400)


@pytest.mark.parametrize("size", [10 * 1024 * 1024, 65537])
def test_oversized_bodies_are_refused_before_parsing(api, size):
    body = json.dumps({**GOOD, "body": "x" * size}).encode()
    assert_refused(api, post_raw(api, body), 413, "payload_too_large")


def test_oversized_chunked_body_without_length_is_refused(api):
    # Through a real server: the test client cannot send a body without a length.
    def chunks():
        for _ in range(4):
            yield b"x" * 50_000  # three times MAX_CONTENT_LENGTH in all

    with serving(api.app) as base:
        response = requests.post(f"{base}/api/v1/comments", data=chunks(), timeout=10,
                                 headers={"Content-Type": "application/json"})
    assert response.request.headers["Transfer-Encoding"] == "chunked"
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert api.rows() == []


@pytest.mark.parametrize("content_type", [
    "application/json; charset=utf-16", "text/json", "application/jsonp",
    "multipart/form-data; boundary=x", "application/xml",
])
def test_other_media_types_are_refused(api, content_type):
    response = post_raw(api, json.dumps(GOOD).encode(), content_type=content_type)
    if content_type.split(";")[0] == "application/json":
        # Flask reads any application/json; the charset parameter cannot make it UTF-16.
        assert response.status_code == 201
        assert len(api.rows()) == 1
        return
    assert_refused(api, response, 415, "unsupported_media_type")


# --- the fields --------------------------------------------------------------------

@pytest.mark.parametrize("field", ALL_FIELDS)
@pytest.mark.parametrize("value", WRONG_TYPES, ids=lambda v: type(v).__name__ + json.dumps(v))
def test_wrong_type_in_any_field_is_refused(api, field, value):
    assert_refused(api, api.post_comment(**{field: value}), 400, "validation_failed", field)


@pytest.mark.parametrize("field", sorted(set(ALL_FIELDS) - OPTIONAL))
def test_null_in_a_required_field_is_refused(api, field):
    assert_refused(api, api.post_comment(**{field: None}), 400, "validation_failed", field)


@pytest.mark.parametrize("field", TEXT_FIELDS + URL_FIELDS)
@pytest.mark.parametrize("text", [
    pytest.param("bad\x00nul", id="nul"),
    pytest.param("lone \ud800 high", id="lone-high-surrogate"),
    pytest.param("lone \udfff low", id="lone-low-surrogate"),
    pytest.param("\u202egnp.exe", id="rtl-override"),
    pytest.param("a\u2066isolate\u2069", id="bidi-isolate"),
    pytest.param("esc\x1b[31mred", id="ansi-escape"),
    pytest.param("del\x7f", id="delete"),
    pytest.param("c1\x85next-line", id="c1-control"),
])
def test_hostile_characters_in_text_fields_are_refused(api, field, text):
    value = f"https://example.org/{text}" if field in URL_FIELDS else f"Ann {text} text"
    assert_refused(api, api.post_comment(**{field: value}), 400, "validation_failed", field)


@pytest.mark.parametrize("email", [
    "\u0430nn@example.com",  # Cyrillic a in the local part
    "\uff41nn@example.com",  # fullwidth a
    "ann@exam\u0131ple.com",  # dotless i in the domain
    "ann@example.com\u200b",  # zero-width space
    "ann@ex\u00e4mple.com",
    "ann\x00@example.com",
    "ann@example.com\r\nBcc: all@example.com",
    "ann@[127.0.0.1]",
    '"ann@evil"@example.com\n',
    "ann@example..com",
    "ann@-example.com",
])
def test_homoglyph_and_internationalised_emails_are_refused_by_default(api, email):
    assert_refused(api, api.post_comment(email=email), 400, "validation_failed", "email")


@pytest.mark.parametrize("website", [
    "jAvAsCrIpT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
    "//evil.example.com", "https:/\\evil.example.com", "http://exa mple.com",
    "http://[::1", "https://", "\\\\evil\\share",
])
def test_website_must_be_a_plain_http_url(api, website):
    assert_refused(api, api.post_comment(website=website), 400, "validation_failed",
                   "website")


# --- the query string ------------------------------------------------------------------

@pytest.mark.parametrize("query, field", [
    ("thread=%00", "thread"),
    ("thread=a%00b", "thread"),
    ("thread=%E2%80%AEevil", "thread"),
    ("thread=%1B%5B31m", "thread"),
    ("thread=" + "x" * 513, "thread"),
    ("thread=%20%20", "thread"),
    ("thread=a&limit=-1", "limit"),
    ("thread=a&limit=0", "limit"),
    ("thread=a&limit=201", "limit"),
    ("thread=a&limit=" + "9" * 40, "limit"),
    ("thread=a&limit=-" + "9" * 40, "limit"),
    ("thread=a&limit=1e3", "limit"),
    ("thread=a&limit=1.5", "limit"),
    ("thread=a&limit=0x10", "limit"),
    ("thread=a&limit=", "limit"),
    ("thread=a&limit=NaN", "limit"),
    ("thread=a&cursor=!!!", "cursor"),
    ("thread=a&cursor=YzE6LTU", "cursor"),  # c1:-5
    ("thread=a&cursor=YzE6MA", "cursor"),  # c1:0
    ("thread=a&cursor=YzE6OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "cursor"),  # past 2**63
    ("thread=a&cursor=YzE6MjE0NzQ4MzY0OA", "cursor"),  # c1:2147483648, past PostgreSQL's ids
    ("thread=a&cursor=" + "A" * 65, "cursor"),
    ("thread=a&cursor=%00", "cursor"),
    ("thread=a&order=sideways", "order"),
    ("thread=a&order=", "order"),
    ("thread=a&admin=1", "admin"),
])
def test_hostile_listing_query_is_refused(api, query, field):
    response = api.client.get(f"/api/v1/comments?{query}")
    assert_refused(api, response, 400, "validation_failed", field)


@pytest.mark.parametrize("query", [
    "", "thread=", "thread=%00", "thread=a%E2%80%AE", "thread=" + "x" * 513,
    "&".join(f"thread=t{n}" for n in range(101)),
])
def test_hostile_counts_query_is_refused(api, query):
    response = api.client.get(f"/api/v1/counts?{query}")
    assert_refused(api, response, 400, "validation_failed", "thread")


def test_counts_answer_under_the_keys_as_sent(api):
    assert api.post_comment(thread="/caf\u00e9").status_code == 201
    sent = ["/cafe\u0301", " /caf\u00e9 ", "/other"]  # decomposed é, spaces, unknown
    response = api.client.get("/api/v1/counts", query_string=[("thread", k) for k in sent])
    assert response.json == {"/cafe\u0301": 1, " /caf\u00e9 ": 1, "/other": 0}


@pytest.mark.parametrize("path, field", [
    ("/api/v1/comments?thread=%FF%FE", "thread"),
    ("/api/v1/comments?thread=/a&cursor=%C0%AF", "cursor"),
    ("/api/v1/comments?thread=%ED%A0%80", "thread"),
    ("/api/v1/counts?thread=a&thread=caf%E9", "thread"),
    ("/api/v1/counts?%FF=1&thread=a", "\ufffd"),
])
def test_invalid_utf8_in_the_query_is_refused(api, path, field):
    assert_refused(api, api.client.get(path), 400, "validation_failed", field)


# --- thread keys are opaque --------------------------------------------------------------

@pytest.mark.parametrize("key", [
    "../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "..\\..\\windows\\win.ini",
    "/news/../admin", "//evil.example.com/x", "/a?b=c#d", "/\u65b0\u95fb/\u6587\u7ae0",
    "/\U0001f600/emoji", "x" * 512, "/caf\u00e9",
])
def test_thread_keys_with_path_tricks_are_opaque_keys(api, key):
    # A key names a thread and nothing else: never a file, URL or query.
    assert api.post_comment(thread=key).status_code == 201
    listing = api.listing(key).json
    assert listing["thread"]["key"] == key
    assert len(listing["items"]) == 1
    assert [t.key for t in api.rows(Thread)] == [key]


@pytest.mark.parametrize("path", [
    "/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd",
    "/api/v1/comments/..%2f..%2fetc%2fpasswd", "/api/v1/comments%00", "/%2e%2e/instance",
    "/api/v1/comments/1", "/instance/secret_key", "/api/v1/" + "a" * 5000,
    "/widget/../../etc/passwd", "/widget/%2e%2e/%2e%2e/etc/passwd",
    "/widget/..%2f..%2fservice%2f__init__.py", "/static/..%2f__init__.py",
    "/widget/%00embed.js", "/widget/embed.js%00.png",
])
def test_path_tricks_in_the_url_are_not_found(api, path):
    response = api.client.get(path)
    assert_refused(api, response, 404, "not_found")


@pytest.mark.parametrize("item_id, status", [
    ("1", 200), (str(2**31 - 1), 200), (str(2**31), 404), ("9" * 40, 404), ("-1", 404),
])
def test_path_ids_beyond_the_database_integers_are_not_found(make_app, item_id, status):
    app = make_app()

    @app.get("/api/v1/test-items/<int:item_id>")
    def item(item_id):
        return {"id": item_id}

    @app.patch("/api/v1/test-items/<int:item_id>")
    def change(item_id):
        return {"id": item_id}

    for method in ("get", "patch"):
        response = getattr(app.test_client(), method)(f"/api/v1/test-items/{item_id}")
        assert response.status_code == status
    if status == 404:
        assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("parent", [2**31, 2**40, 2**63 - 1])
def test_ids_past_the_database_integers_are_refused(api, parent):
    # PostgreSQL's INTEGER stops at 2**31 - 1; a larger id used to fail the query (500).
    assert_refused(api, api.post_comment(parent=parent), 400, "validation_failed", "parent")
    response = api.client.post(f"/api/v1/comments/{parent}/reports", json={"category": "spam"})
    assert_refused(api, response, 404, "not_found")


# --- headers -----------------------------------------------------------------------

@pytest.mark.parametrize("header", ["Origin", "X-Request-Id", "User-Agent", "If-None-Match",
                                    "X-Forwarded-For", "Accept-Language"])
@pytest.mark.parametrize("value", ["a\r\nSet-Cookie: evil=1", "a\nX-Injected: 1",
                                   "a\rb", "nul\x00byte"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_control_characters_in_headers_are_refused(make_app, header, value, method):
    app = make_app({"CORS_ORIGINS": "*", "TRUSTED_PROXIES": "127.0.0.1/32"})
    api = API(app, app.test_client())
    environ = {"HTTP_" + header.upper().replace("-", "_"): value}
    if method == "get":
        response = api.client.get("/api/v1/comments?thread=/a", environ_base=environ)
    else:
        response = api.client.post("/api/v1/comments", json=GOOD, environ_base=environ)
    assert_refused(api, response, 400, "bad_request", header)
    assert "Set-Cookie" not in response.headers
    assert "X-Injected" not in response.headers
    assert all("\n" not in v and "\r" not in v for _, v in response.headers.items())


@pytest.mark.parametrize("forwarded", ["x" * 100, "not-an-address", "1.2.3.4.5",
                                       "<script>alert(1)</script>"])
def test_forged_forwarded_address_is_not_stored(make_app, forwarded):
    app = make_app({"TRUSTED_PROXIES": "127.0.0.1/32"})
    api = API(app, app.test_client())
    response = api.client.post("/api/v1/comments", json=GOOD,
                               headers={"X-Forwarded-For": forwarded})
    assert response.status_code == 201
    [row] = api.rows()
    # Not an address: the socket's stands (the test client's).
    assert row.ip == "127.0.0.1"


def test_user_agent_is_stored_printable_and_bounded(api):
    agent = "Mozilla/5.0 \u202e" + "x" * 1000
    response = api.client.post("/api/v1/comments", json=GOOD, headers={"User-Agent": agent})
    assert response.status_code == 201
    [row] = api.rows(Comment)
    assert row.user_agent == ("Mozilla/5.0 " + "x" * 1000)[:512]


# --- the moderation and admin APIs: a NUL or control character in any text they take ----

NUL = "Harbour\x00bridge"
MODERATION_INPUTS = [
    ("GET", "/moderation/comments", {"author": NUL}),
    ("GET", "/moderation/comments", {"thread": NUL}),
    ("GET", "/moderation/comments", {"email": NUL}),
    ("GET", "/moderation/comments", {"q": NUL}),
    ("GET", "/moderation/comments", {"ip": "203.0.113.\x00."}),
    ("GET", "/moderation/comments", {"ip": "203.0.113.0/24\x00"}),
    ("GET", "/moderation/audit", {"actor": NUL}),
    ("GET", "/moderation/audit", {"action": "comment\x1b"}),
    ("POST", "/moderation/comments/{cid}/reject", {"reason_text": NUL}),
    ("POST", "/moderation/bans", {"kind": "email", "value": "a\x00@example.org"}),
    ("POST", "/moderation/bans", {"kind": "ip", "value": "203.0.113.9", "note": NUL}),
    ("POST", "/moderation/tokens", {"name": NUL, "role": "moderator"}),
    ("POST", "/webhooks", {"url": "https://hooks.example.org/margin", "events": ["*"],
                           "description": NUL}),
]


@pytest.mark.parametrize(("method", "path", "values"), MODERATION_INPUTS,
                         ids=[f"{m} {p} {sorted(v)}" for m, p, v in MODERATION_INPUTS])
def test_moderation_and_admin_inputs_refuse_control_characters(api, method, path, values):
    from service.models import AuditEntry, Ban, ModeratorToken, Role, WebhookEndpoint
    from tests.moderation_helpers import bearer, make_token

    cid = api.post_comment().json["id"]
    headers = bearer(make_token(api.app, Role.ADMIN))
    before = {model: len(api.rows(model)) for model in (AuditEntry, Ban, ModeratorToken,
                                                        WebhookEndpoint)}
    url = "/api/v1" + path.format(cid=cid)
    if method == "GET":
        response = api.client.get(url, headers=headers, query_string=values)
    else:
        response = api.client.post(url, headers=headers, json=values)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"]["code"] == "validation_failed"
    assert set(response.json["error"]["fields"]) <= set(values)
    assert {model: len(api.rows(model)) for model in before} == before
    assert [c.status.value for c in api.rows()] == ["approved"]
