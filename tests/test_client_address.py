"""Client addresses: trusted proxy networks, forged headers, and IPv6 clients as their /64."""

from __future__ import annotations

import logging
import sys

import pytest

from service import create_app
from service.models import Ban, Comment, CommentStatus, Report, Role
from tests.conftest import REDIS_URL
from tests.moderation_helpers import Mod, make_token

STORAGES = ["memory://"] + ([REDIS_URL] if REDIS_URL else [])
PROXY = "10.0.0.5"
NETWORKS = ["10.0.0.0/8,127.0.0.1/32", ["10.0.0.0/8", "127.0.0.1"], "10.0.0.0/8\n::1/128"]


def post(client, peer, n=0, forwarded=None, thread="/ca"):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return client.post("/api/v1/comments", headers=headers, environ_base={"REMOTE_ADDR": peer},
                       json={"thread": thread, "author": "A", "email": "a@example.com",
                             "body": f"comment number {n}"})


def stored_ips(api) -> list[str | None]:
    return [c.ip for c in api.rows(Comment)]


class Reader:
    """An app and its helpers."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def rows(self, model=Comment):
        from service.extensions import db

        with self.app.app_context():
            rows = db.session.execute(db.select(model).order_by(model.id)).scalars().all()
            db.session.expunge_all()
            return rows


# --- trusted proxies ------------------------------------------------------------------

@pytest.mark.parametrize("networks", NETWORKS)
@pytest.mark.parametrize("storage", STORAGES)
def test_forwarded_for_from_an_untrusted_peer_is_ignored(make_app, networks, storage):
    reader = Reader(make_app({"TRUSTED_PROXIES": networks, "RATELIMIT_COMMENTS": "2/minute",
                              "RATELIMIT_STORAGE_URI": storage}))
    # A reader reaching Margin directly names a new address each time.
    statuses = [post(reader.client, "203.0.113.9", n, f"198.51.100.{n}").status_code
                for n in range(3)]
    assert statuses == [201, 201, 429]
    assert stored_ips(reader) == ["203.0.113.9", "203.0.113.9"]


@pytest.mark.parametrize("forwarded", [
    "junk-1", "not-an-address", "x" * 100, "1.2.3.4.5", "<script>alert(1)</script>",
    "unknown", "", ", ,", "2001:db8::zz",
])
@pytest.mark.parametrize("setting", ["10.0.0.0/8", 1])
def test_a_forwarded_value_that_is_no_address_falls_back_to_the_socket(make_app, forwarded,
                                                                        setting):
    reader = Reader(make_app({"TRUSTED_PROXIES": setting, "RATELIMIT_COMMENTS": "2/minute"}))
    statuses = [post(reader.client, PROXY, n, f"{forwarded}{n}" if forwarded else forwarded)
                .status_code for n in range(3)]
    # One key (the proxy's), not a new one per made-up value: the limit holds.
    assert statuses == [201, 201, 429]
    assert stored_ips(reader) == [PROXY, PROXY]


@pytest.mark.parametrize("forwarded, client", [
    ("198.51.100.7", "198.51.100.7"),
    # The reader's own claim (leftmost) is not believed past the first untrusted hop.
    ("192.0.2.1, 198.51.100.7", "198.51.100.7"),
    # Trusted hops are skipped, right to left.
    ("198.51.100.7, 10.0.0.9, 10.1.2.3", "198.51.100.7"),
    ("2001:db8:1:2::7", "2001:db8:1:2::7"),
    ("::ffff:198.51.100.8", "198.51.100.8"),
    # A malformed entry behind the client's own ends the walk there.
    ("junk, 198.51.100.7", "198.51.100.7"),
])
def test_the_client_is_the_first_untrusted_address_from_the_right(make_app, forwarded,
                                                                   client):
    reader = Reader(make_app({"TRUSTED_PROXIES": "10.0.0.0/8"}))
    assert post(reader.client, PROXY, forwarded=forwarded).status_code == 201
    assert stored_ips(reader) == [client]


def test_the_derived_address_feeds_limits_bans_and_reports(make_app):
    app = make_app({"TRUSTED_PROXIES": "10.0.0.0/8", "RATELIMIT_COMMENTS": "2/minute",
                    "RATELIMIT_REPORTS": "1/hour", "REPORTS_HIDE_THRESHOLD": 0})
    reader = Reader(app)
    for who in ("198.51.100.1", "198.51.100.2"):
        statuses = [post(reader.client, PROXY, n, who).status_code for n in range(3)]
        assert statuses == [201, 201, 429]
    mod = Mod(reader.client, make_token(app, Role.MODERATOR))
    assert mod.post("/bans", json={"kind": "ip", "value": "198.51.100.3"}).status_code == 201
    assert post(reader.client, PROXY, 9, "198.51.100.3").status_code == 201
    assert reader.rows()[-1].status is CommentStatus.SPAM
    cid = reader.rows()[0].id
    reports = [reader.client.post(f"/api/v1/comments/{cid}/reports", json={"category": "spam"},
                                  headers={"X-Forwarded-For": who},
                                  environ_base={"REMOTE_ADDR": PROXY}).status_code
               for who in ("198.51.100.4", "198.51.100.4", "198.51.100.5")]
    assert reports == [201, 429, 201]
    assert [r.ip for r in reader.rows(Report)] == ["198.51.100.4", "198.51.100.5"]


@pytest.mark.parametrize("storage", STORAGES)
def test_fast_reads_key_on_the_same_derived_address(make_app, storage):
    app = make_app({"TRUSTED_PROXIES": "10.0.0.0/8", "RATELIMIT_READS": "2/minute",
                    "RATELIMIT_STORAGE_URI": storage})
    client = app.test_client()

    def counts(peer, forwarded):
        return client.get("/api/v1/counts?thread=/ca", headers={"X-Forwarded-For": forwarded},
                          environ_base={"REMOTE_ADDR": peer}).status_code

    assert [counts(PROXY, "198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert counts(PROXY, "198.51.100.2") == 200
    # Forged from outside: the peer's own budget, whatever the header says.
    assert [counts("203.0.113.5", f"198.51.100.{n}") for n in range(3)] == [200, 200, 429]
    # An IPv6 reader's /64 is one budget, through the proxy too.
    assert [counts(PROXY, f"2001:db8:5:6::{n}") for n in range(1, 4)] == [200, 200, 429]


def test_a_hop_count_still_works_with_a_warning(make_app, caplog):
    with caplog.at_level(logging.WARNING, logger="service.clients"):
        reader = Reader(make_app({"TRUSTED_PROXIES": 1}))
    assert any("hop count" in r.getMessage() for r in caplog.records)
    assert post(reader.client, "203.0.113.1", forwarded="198.51.100.7").status_code == 201
    assert stored_ips(reader) == ["198.51.100.7"]


@pytest.mark.parametrize("setting", ["10.0.0.0/33", "proxy.example", ["10.0.0.1", "nope"],
                                     -1, True])
def test_a_bad_trusted_proxies_setting_stops_start_up(tmp_path, setting):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        create_app({"TESTING": True, "TRUSTED_PROXIES": setting}, instance_path=str(tmp_path))


def test_a_bad_trusted_proxies_setting_is_a_message_on_the_command_line(tmp_path,
                                                                        monkeypatch):
    from service.cli import main

    monkeypatch.setenv("MARGIN_TRUSTED_PROXIES", "proxy.example")
    monkeypatch.setenv("MARGIN_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["margin", "purge"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == ("Error: TRUSTED_PROXIES: 'proxy.example' is not an "
                                  "address or network (give e.g. 127.0.0.1/32,10.0.0.0/8)")


def test_forwarded_scheme_and_host_are_believed_from_trusted_proxies_only(make_app):
    app = make_app({"TRUSTED_PROXIES": "10.0.0.0/8"})
    seen = []

    @app.get("/_probe")
    def probe():
        from flask import request

        seen.append((request.scheme, request.host))
        return ""

    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example"}
    client = app.test_client()
    client.get("/_probe", headers=headers, environ_base={"REMOTE_ADDR": PROXY})
    client.get("/_probe", headers=headers, environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert seen == [("https", "news.example"), ("http", "localhost")]


# --- IPv6 clients as their /64 -----------------------------------------------------------

@pytest.mark.parametrize("storage", STORAGES)
def test_an_ipv6_network_shares_one_posting_budget(make_app, storage):
    reader = Reader(make_app({"RATELIMIT_COMMENTS": "3/minute",
                              "RATELIMIT_STORAGE_URI": storage}))
    statuses = [post(reader.client, f"2001:db8:1:2::{n:x}", n).status_code
                for n in range(1, 6)]
    assert statuses == [201, 201, 201, 429, 429]
    # The neighbouring /64 is someone else.
    assert post(reader.client, "2001:db8:1:3::1", 9).status_code == 201
    assert len(reader.rows()) == 4


def test_ipv4_clients_on_a_dual_stack_socket_keep_their_own_budgets(make_app):
    # A server listening on [::] sees IPv4 readers as ::ffff:a.b.c.d: each is its own
    # client (never all of them one "::/64"), the same one as its plain IPv4 form.
    reader = Reader(make_app({"RATELIMIT_COMMENTS": "2/minute"}))
    first = [post(reader.client, "::ffff:198.51.100.1", n).status_code for n in range(2)]
    assert first == [201, 201]
    assert post(reader.client, "::ffff:198.51.100.2", 3).status_code == 201
    assert post(reader.client, "198.51.100.1", 4).status_code == 429
    assert stored_ips(reader) == ["198.51.100.1", "198.51.100.1", "198.51.100.2"]


def report(client, cid, ip):
    return client.post(f"/api/v1/comments/{cid}/reports", json={"category": "harassment"},
                       environ_base={"REMOTE_ADDR": ip})


def test_reports_from_one_ipv6_network_count_as_one_reader(make_app):
    reader = Reader(make_app({"REPORTS_HIDE_THRESHOLD": 3, "REPORTS_PER_NETWORK": 0}))
    cid = post(reader.client, "192.0.2.10").json["id"]
    statuses = [report(reader.client, cid, f"2001:db8:7:7::{n}").status_code
                for n in range(1, 11)]
    assert statuses == [201] * 10
    assert reader.rows()[0].status is CommentStatus.APPROVED
    # Two more networks make three readers.
    assert report(reader.client, cid, "2001:db8:7:8::1").status_code == 201
    assert reader.rows()[0].status is CommentStatus.APPROVED
    assert report(reader.client, cid, "198.51.100.1").status_code == 201
    assert reader.rows()[0].status is CommentStatus.PENDING


@pytest.mark.parametrize("ips", [
    ["2001:db8:7:7::1", "2001:db8:7:7::2", "2001:db8:7:7::3"],
    ["198.51.100.1"] * 3,
    ["::ffff:198.51.100.1", "198.51.100.1", "::ffff:c633:6401"],
])
def test_reports_per_comment_per_network_are_capped(make_app, ips):
    reader = Reader(make_app({"REPORTS_PER_NETWORK": 2, "REPORTS_HIDE_THRESHOLD": 0}))
    cid = post(reader.client, "192.0.2.10").json["id"]
    answers = [report(reader.client, cid, ip) for ip in ips]
    assert [a.status_code for a in answers] == [201, 201, 409]
    assert answers[-1].json["error"]["code"] == "conflict"
    assert len(reader.rows(Report)) == 2
    # Another comment, or another network, is not capped.
    other = post(reader.client, "192.0.2.10", 1).json["id"]
    assert report(reader.client, other, ips[0]).status_code == 201
    assert report(reader.client, cid, "2001:db8:9:9::1").status_code == 201


def test_a_comment_a_moderator_approved_is_queued_not_hidden_again(make_app):
    app = make_app({"REPORTS_HIDE_THRESHOLD": 3})
    reader = Reader(app)
    mod = Mod(reader.client, make_token(app, Role.MODERATOR))
    cid = post(reader.client, "192.0.2.10").json["id"]
    for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        assert report(reader.client, cid, ip).status_code == 201
    assert reader.rows()[0].status is CommentStatus.PENDING
    assert mod.post(f"/comments/{cid}/approve").status_code == 200
    for ip in ("198.51.100.4", "198.51.100.5", "198.51.100.6", "198.51.100.7"):
        assert report(reader.client, cid, ip).status_code == 201
    assert reader.rows()[0].status is CommentStatus.APPROVED
    queue = mod.get("/comments", reported="true").json["items"]
    assert [(c["id"], c["open_reports"], c["status"]) for c in queue] == [(cid, 4, "approved")]


@pytest.mark.parametrize("value, stored, hit, miss", [
    ("2001:db8:1:2::7", "2001:db8:1:2::/64", "2001:db8:1:2:ffff::1", "2001:db8:1:3::7"),
    ("2001:DB8:1:2:0:0:0:7", "2001:db8:1:2::/64", "2001:db8:1:2::8", "2001:db8:1:3::7"),
    ("2001:db8:1:2::7/128", "2001:db8:1:2::7/128", "2001:db8:1:2::7", "2001:db8:1:2::8"),
    ("::ffff:203.0.113.7", "203.0.113.7/32", "203.0.113.7", "203.0.113.8"),
    ("203.0.113.7", "203.0.113.7/32", "203.0.113.7", "203.0.113.8"),
])
def test_banning_an_ipv6_address_bans_its_network(make_app, value, stored, hit, miss):
    app = make_app()
    reader = Reader(app)
    mod = Mod(reader.client, make_token(app, Role.MODERATOR))
    assert mod.post("/bans", json={"kind": "ip", "value": value}).status_code == 201
    assert [b.value for b in reader.rows(Ban)] == [stored]
    post(reader.client, hit, 1)
    post(reader.client, miss, 2)
    assert [c.status for c in reader.rows()] == [CommentStatus.SPAM, CommentStatus.APPROVED]
