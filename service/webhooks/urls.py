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


def host_of(url: str) -> str:
    """Return the host (and port, if given) of a URL, without its path or credentials."""
    # A webhook URL's path is often its credential (Slack, Teams); the host is not.
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}" if port else host


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


# IPv6 forms that carry an IPv4 address in their low 32 bits: a translator or relay
# on the way hands the packet to that IPv4 address, private or not.
_LOW_32_PREFIXES = (
    ipaddress.IPv6Network("64:ff9b::/96"),  # NAT64, well-known prefix (RFC 6052)
    ipaddress.IPv6Network("::ffff:0:0:0/96"),  # SIIT, IPv4-translated (RFC 2765)
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible, deprecated (RFC 4291)
)
# Local-use NAT64 (RFC 8215): the IPv4 address sits where the operator's prefix length
# puts it, and the block is not reachable from the internet in any case.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Return the IPv4 addresses an IPv6 address hands packets to (mapped, NAT64, 6to4...)."""
    found = []
    if ip.ipv4_mapped:
        found.append(ip.ipv4_mapped)
    # :: and ::1 are the unspecified and loopback addresses, not IPv4-compatible ones.
    if int(ip) > 1 and any(ip in net for net in _LOW_32_PREFIXES):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour:
        found.append(ip.sixtofour)
    if ip.teredo:
        found.extend(ip.teredo)  # the relay server and the (de-obfuscated) client
    return found


def _problem(address: str, allow_private: bool) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        for embedded in _embedded_ipv4(ip):
            problem = _address_problem(embedded, allow_private)
            if problem:
                return f"which carries {embedded}, {problem}"
        if not allow_private and ip.is_site_local:
            return "a site-local address"
        if not allow_private and ip in _LOCAL_NAT64:
            return "a local-use NAT64 address"
        if ip.ipv4_mapped:
            return None  # the mapped address is the whole destination, and it passed
    return _address_problem(ip, allow_private)


def _address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
                     allow_private: bool) -> str | None:
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
