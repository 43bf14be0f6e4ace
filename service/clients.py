"""Client addresses: believed from trusted proxies only, validated, IPv6 grouped by /64.

One address per request, derived here, feeds everything that reads REMOTE_ADDR: rate
limits (Flask's and the fast reads'), bans, reports, stored comments and the access log.
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache

from flask import Flask

from .config import ConfigError

log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# An IPv6 reader is given at least a /64 (often a /56 or /48) and picks any address in it
# at will: a /64 counts as one client wherever clients are counted.
IPV6_CLIENT_PREFIX = 64
# The socket's address as the server saw it, before a trusted proxy's header replaced it.
PEER_KEY = "margin.peer_addr"
UNKNOWN = "unknown"
_PROTOS = frozenset({"http", "https"})


@lru_cache(maxsize=4096)
def canonical(text: str | None) -> str | None:
    """Return ipaddress's text of an address (an IPv4-mapped IPv6 as IPv4), or None."""
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


@lru_cache(maxsize=4096)
def group(address: str | None) -> str:
    """Return the client an address counts as: itself (IPv4) or its /64 in CIDR form."""
    if not address or ":" not in address:
        # IPv4, or "unknown": the address itself.
        return address or UNKNOWN
    try:
        parsed = ipaddress.IPv6Address(address)
    except ValueError:
        return address
    if parsed.ipv4_mapped is not None:
        # An IPv4 client on a dual-stack socket: its own address, never "::/64".
        return str(parsed.ipv4_mapped)
    return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))


def ban_network(address: Address) -> Network:
    """Return the network a ban on one client address covers."""
    prefix = IPV6_CLIENT_PREFIX if address.version == 6 else 32
    return ipaddress.ip_network(f"{address}/{prefix}", strict=False)


def parse_trusted(value) -> tuple[tuple[Network, ...], int]:
    """Return TRUSTED_PROXIES as (networks, legacy hop count), or raise ConfigError."""
    if value is None or value is False or value == "" or value == 0:
        return (), 0
    if isinstance(value, bool):
        raise ConfigError("TRUSTED_PROXIES: give the proxies' networks, e.g. 127.0.0.1/32")
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        hops = int(value)
        if hops < 0:
            raise ConfigError("TRUSTED_PROXIES: a hop count cannot be negative")
        return (), hops
    items = value.replace("\n", ",").split(",") if isinstance(value, str) else list(value)
    networks = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ConfigError(f"TRUSTED_PROXIES: {text!r} is not an address or network "
                             "(give e.g. 127.0.0.1/32,10.0.0.0/8)") from None
    return tuple(networks), 0


def init_app(app: Flask) -> None:
    """Derive each request's client address from trusted proxies' headers, if any."""
    networks, hops = parse_trusted(app.config["TRUSTED_PROXIES"])
    if hops:
        log.warning(
            "TRUSTED_PROXIES=%d is a hop count: X-Forwarded-For is believed from any peer, "
            "so a client reaching Margin directly chooses its own address. Give the "
            "proxies' networks instead (e.g. MARGIN_TRUSTED_PROXIES=127.0.0.1/32).", hops)
    if networks or hops:
        app.wsgi_app = ClientAddress(app.wsgi_app, networks, hops)


class ClientAddress:
    """WSGI middleware setting REMOTE_ADDR to the client a trusted proxy names."""

    # Outside every other layer, so the fast reads, Flask, the limiter and the access log
    # all read the one derived address.

    def __init__(self, wsgi_app, networks: tuple[Network, ...], hops: int = 0):
        self.wsgi_app = wsgi_app
        self.networks = networks
        self.hops = hops
        # Every request asks about its peer, nearly always one of a few proxies.
        self.trusted = lru_cache(maxsize=1024)(self._trusted)

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR")
        environ[PEER_KEY] = peer
        if self.hops:
            client, proxied = self._by_hops(environ.get("HTTP_X_FORWARDED_FOR", ""))
        else:
            client, proxied = self._by_networks(peer, environ.get("HTTP_X_FORWARDED_FOR", ""))
        if client is not None:
            environ["REMOTE_ADDR"] = client
        if proxied:
            _forwarded_scheme_and_host(environ)
        return self.wsgi_app(environ, start_response)

    def _trusted(self, address: str | None) -> bool:
        """Return whether an address is one of the trusted proxies."""
        parsed = _parse(address)
        return parsed is not None and any(
            parsed.version == net.version and parsed in net for net in self.networks)

    def _by_networks(self, peer: str | None, header: str) -> tuple[str | None, bool]:
        # Walked from the right: each trusted hop appended the address it was called from.
        # The first address no trusted proxy owns is the client; a malformed entry ends
        # the walk with the address believed so far.
        if not self.trusted(peer):
            return canonical(peer), False
        client = canonical(peer)
        for entry in reversed(_entries(header)):
            address = canonical(entry)
            if address is None:
                break
            client = address
            if not self.trusted(address):
                break
        return client, True

    def _by_hops(self, header: str) -> tuple[str | None, bool]:
        entries = _entries(header)
        if len(entries) < self.hops:
            return None, False
        address = canonical(entries[-self.hops])
        # Not an address: the socket's, never a made-up key.
        return address, address is not None


def _entries(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


def _parse(address: str | None) -> Address | None:
    text = canonical(address)
    return ipaddress.ip_address(text) if text else None


def _forwarded_scheme_and_host(environ) -> None:
    # The nearest proxy's values (the rightmost), as it is the one trusted.
    proto = _entries(environ.get("HTTP_X_FORWARDED_PROTO", ""))
    if proto and proto[-1].lower() in _PROTOS:
        environ["wsgi.url_scheme"] = proto[-1].lower()
    host = _entries(environ.get("HTTP_X_FORWARDED_HOST", ""))
    if host:
        environ["HTTP_HOST"] = host[-1]
