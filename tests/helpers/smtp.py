"""A real SMTP server for the mail tests (aiosmtpd), which can refuse, go down and come back.

It records every message it accepts; `replies` queues answers to give instead of 250 at
RCPT or DATA ("451 ...", "550 ..."), one per message; it can speak STARTTLS (required),
implicit TLS, and ask for authentication.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "127.0.0.1"


def free_port() -> int:
    """Return a port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def certificate(folder: Path) -> tuple[Path, Path]:
    """Write a self-signed certificate for 127.0.0.1 and localhost; return (cert, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@dataclass
class Received:
    """A message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes
    tls: bool
    login: str | None


@dataclass
class Handler:
    """Record accepted messages; answer with queued replies first."""

    received: list[Received] = field(default_factory=list)
    rcpt_replies: list[str] = field(default_factory=list)
    data_replies: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if self.rcpt_replies:
                return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.data_replies:
                return self.data_replies.pop(0)
            login = getattr(session, "margin_login", None)
            raw = envelope.original_content or envelope.content
            self.received.append(Received(
                envelope.mail_from, list(envelope.rcpt_tos),
                message_from_bytes(raw, policy=policy.default), raw,
                server.transport.get_extra_info("ssl_object") is not None, login))
        return "250 Message accepted for delivery"


class SMTPServer:
    """An aiosmtpd server on a fixed port that can be stopped and started again."""

    def __init__(self, *, starttls: ssl.SSLContext | None = None,
                 implicit_tls: ssl.SSLContext | None = None,
                 users: dict[str, str] | None = None):
        self.handler = Handler()
        self.port = free_port()
        self.starttls = starttls
        self.implicit_tls = implicit_tls
        self.users = users
        self.controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        """Return the accepted messages so far."""
        with self.handler.lock:
            return list(self.handler.received)

    def refuse(self, *replies: str, at: str = "DATA") -> None:
        """Answer the next messages with these replies instead of accepting them."""
        with self.handler.lock:
            (self.handler.data_replies if at == "DATA" else self.handler.rcpt_replies).extend(
                replies)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and self.users.get(
            auth_data.login.decode()) == auth_data.password.decode()
        if ok:
            session.margin_login = auth_data.login.decode()
        return AuthResult(success=ok, handled=False)

    def start(self) -> SMTPServer:
        """Listen (again) on this server's port."""
        options: dict = {}
        if self.starttls is not None:
            options.update(tls_context=self.starttls, require_starttls=True)
        if self.users is not None:
            options.update(authenticator=self._authenticate, auth_required=True,
                           auth_require_tls=self.starttls is not None
                           or self.implicit_tls is not None)
        if self.implicit_tls is not None:
            options.update(ssl_context=self.implicit_tls)
        self.controller = Controller(self.handler, hostname=HOST, port=self.port, **options)
        self.controller.start()
        return self

    def stop(self) -> None:
        """Stop listening: connections are refused until start()."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def url(self, scheme: str = "smtp", user: str | None = None, password: str | None = None,
            query: str = "") -> str:
        """Return a MAIL_URL for this server."""
        who = f"{user}:{password}@" if user else ""
        return f"{scheme}://{who}{HOST}:{self.port}{'?' + query if query else ''}"
