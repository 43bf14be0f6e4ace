"""DNS rebinding: a delivery connects only to an address that passed the URL check.

The resolver is replaced for made-up names only (every other lookup goes to the real one),
and every name here resolves to 127.0.0.1: whatever the code does, no packet leaves the
machine. Where a check must pass for a "public" name, only the endpoint's creation sees a
documentation address, and nothing connects then.
"""

from __future__ import annotations

import datetime
import socket
import ssl

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from service.models import MessageStatus, WebhookAttempt, WebhookMessage
from service.webhooks import delivery, urls
from tests.test_webhooks_delivery import drain, post, rows
from tests.webhook_helpers import FAST, Receiver, add_endpoint, admin_headers

# A global address (not a documentation range, which counts as non-public): only ever
# returned to the check at creation, never connected to.
PUBLIC = "93.184.215.14"


class Resolver:
    """Answer for made-up names with whatever address the test sets; count the lookups."""

    def __init__(self, monkeypatch, answers: dict[str, str]):
        self.answers = answers
        self.lookups: list[str] = []
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            if host in self.answers:
                self.lookups.append(host)
                return real(self.answers[host], port, *args, **kwargs)
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def envelope(url: str) -> delivery.Envelope:
    return delivery.Envelope(1, 1, url, "msg_test", '{"type":"webhook.test"}',
                             ("whsec_" + "A" * 43,))


CONFIG = {"WEBHOOKS_CONNECT_TIMEOUT_SECONDS": 0.5, "WEBHOOKS_READ_TIMEOUT_SECONDS": 1.0}


def test_a_name_resolving_to_loopback_at_connect_time_is_refused(monkeypatch, receiver):
    resolver = Resolver(monkeypatch, {"rebound.test": "127.0.0.1"})
    url = f"http://rebound.test:{receiver.port}/hook"
    session = delivery.new_session(allow_private=False)

    with pytest.raises(urls.UnsafeURL, match="loopback"):
        session.post(url, data=b"{}", timeout=1)
    result = delivery.send(envelope(url), CONFIG, session)

    assert result.status_code is None and result.error.startswith("refused: ")
    assert "resolves to 127.0.0.1, a loopback address" in result.error
    assert receiver.received == []
    assert resolver.lookups == ["rebound.test"] * 2  # once per connection, by the check


@pytest.mark.parametrize("address", ["64:ff9b::7f00:1", "::ffff:0:7f00:1", "2002:7f00:1::1",
                                     "::127.0.0.1"])
def test_a_name_resolving_to_loopback_inside_ipv6_at_connect_time_is_refused(
        monkeypatch, receiver, address):
    resolver = Resolver(monkeypatch, {"nat64.test": address})
    url = f"http://nat64.test:{receiver.port}/hook"
    result = delivery.send(envelope(url), CONFIG, delivery.new_session(allow_private=False))

    assert result.status_code is None and result.error.startswith("refused: ")
    assert "which carries 127.0.0.1, a loopback address" in result.error
    assert receiver.received == []
    assert resolver.lookups == ["nat64.test"]


def test_the_connection_keeps_the_host_name_for_the_host_header(monkeypatch, receiver):
    resolver = Resolver(monkeypatch, {"hooks.test": "127.0.0.1"})
    session = delivery.new_session(allow_private=True)
    result = delivery.send(envelope(f"http://hooks.test:{receiver.port}/hook"), CONFIG, session)
    assert result.ok and result.error is None
    [request] = receiver.wait_for(1)
    assert request.headers["host"] == f"hooks.test:{receiver.port}"
    assert resolver.lookups == ["hooks.test"]


def test_every_address_of_a_name_is_tried_in_turn(monkeypatch, receiver):
    # 127.0.0.2 is loopback too, but nothing listens there on the receiver's port.
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "two.test":
            return real("127.0.0.2", port, *args, **kwargs) + real("127.0.0.1", port, *args,
                                                                   **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    session = delivery.new_session(allow_private=True)
    result = delivery.send(envelope(f"http://two.test:{receiver.port}/hook"), CONFIG, session)
    assert result.ok, result.error
    assert len(receiver.wait_for(1)) == 1


def test_no_address_answering_is_a_connection_failure(monkeypatch, receiver):
    port = receiver.port
    receiver.stop()
    Resolver(monkeypatch, {"down.test": "127.0.0.1"})
    session = delivery.new_session(allow_private=True)
    result = delivery.send(envelope(f"http://down.test:{port}/hook"), CONFIG, session)
    assert result.status_code is None and result.error.startswith("connection failed")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """Write a self-signed certificate for hooks.test; return (cert file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hooks.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("hooks.test")]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_tls_is_verified_against_the_host_name(monkeypatch, certificate):
    cert_file, key_file = certificate
    server_names = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    context.sni_callback = lambda _sock, name, _ctx: server_names.append(name)
    secure = Receiver(tls=context).start()
    try:
        Resolver(monkeypatch, {"hooks.test": "127.0.0.1", "other.test": "127.0.0.1"})
        session = delivery.new_session(allow_private=True)
        session.verify = str(cert_file)

        good = delivery.send(envelope(f"https://hooks.test:{secure.port}/hook"), CONFIG,
                             session)
        assert good.ok, good.error
        [request] = secure.wait_for(1)
        assert request.headers["host"] == f"hooks.test:{secure.port}"
        # Same address, another name: the certificate does not cover it.
        with pytest.raises(requests.exceptions.SSLError, match="Hostname mismatch"):
            session.post(f"https://other.test:{secure.port}/hook", data=b"{}", timeout=2)
        assert server_names == ["hooks.test", "other.test"]
        assert len(secure.received) == 1
    finally:
        secure.stop()


def test_worker_refuses_a_name_that_turned_private_after_creation(make_app, monkeypatch,
                                                                  receiver):
    app = make_app({**FAST, "WEBHOOKS_ALLOW_PRIVATE": False})
    resolver = Resolver(monkeypatch, {"turncoat.test": PUBLIC})
    client = app.test_client()
    add_endpoint(client, admin_headers(app), f"http://turncoat.test:{receiver.port}/hook")
    post(client)
    resolver.answers["turncoat.test"] = "127.0.0.1"

    drain(app)

    assert receiver.received == []
    [attempt] = rows(app, WebhookAttempt)
    assert attempt.status_code is None
    assert attempt.error.startswith("refused: ") and "loopback" in attempt.error
    [message] = rows(app, WebhookMessage)
    assert message.status is MessageStatus.PENDING and message.attempts == 1
