"""Webhook URL safety: no requests into private, loopback or otherwise special networks."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

SCHEMES = ("http", "https")


class UnsafeURL(ValueError):
    """A webhook URL that must not be called."""


def check_form(url: str) -> tuple[str, int]:
    """Return the URL's host and port, or raise UnsafeURL when it is not a usable URL."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise UnsafeURL(f"Not a valid URL: {e}.") from None
    if parts.scheme not in SCHEMES:
        raise UnsafeURL("Use an http or https URL.")
    if not parts.hostname:
        raise UnsafeURL("The URL has no host.")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def check(url: str, *, allow_private: bool) -> list[str]:
    """Resolve the URL's host and return its addresses, or raise UnsafeURL."""
    host, port = check_form(url)
    return resolve(host, port, allow_private=allow_private)


def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Return every address of a host, or raise UnsafeURL if any must not be called."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        raise UnsafeURL(f"The host {host!r} does not resolve ({e}).") from None
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise UnsafeURL(f"The host {host!r} does not resolve.")
    # Every address counts: a name with one public and one private address could be
    # connected to either.
    for address in addresses:
        problem = _problem(address, allow_private)
        if problem:
            raise UnsafeURL(f"The host {host!r} resolves to {address}, {problem}.")
    return addresses


def _problem(address: str, allow_private: bool) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    # Never a destination, whatever the configuration says.
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if allow_private or ip.is_global:
        return None
    for label, flag in (("a loopback address", ip.is_loopback),
                        ("a link-local address", ip.is_link_local),
                        ("a private address", ip.is_private),
                        ("a reserved address", ip.is_reserved)):
        if flag:
            return label
    return "not a public address"
