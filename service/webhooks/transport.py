"""HTTP connections for deliveries that reach only an address that passed the URL check.

requests (through urllib3) would resolve the host again when it connects, after the URL
check resolved it: a name re-pointed in between (DNS rebinding) would reach a private
address. Here the connection resolves the name once, checks every address, and connects
to those addresses themselves. Nothing else changes: the Host header, TLS's SNI and the
certificate check all still use the URL's host name.
"""

from __future__ import annotations

import functools
import socket

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util.connection import create_connection

from . import urls


class CheckedHTTPConnection(HTTPConnection):
    """An HTTP connection to a checked address of its host."""

    def __init__(self, *args, allow_private: bool = False, **kwargs):
        self.allow_private = allow_private
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        # UnsafeURL is not an OSError: it passes urllib3 and requests untouched (no retry).
        addresses = urls.resolve(self.host, self.port, allow_private=self.allow_private)
        error: OSError | None = None
        for address in addresses:
            try:
                return create_connection((address, self.port), self.timeout,
                                         source_address=self.source_address,
                                         socket_options=self.socket_options)
            except OSError as e:  # the next address may answer
                error = e
        if isinstance(error, TimeoutError):
            raise ConnectTimeoutError(
                self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
            ) from error
        raise NewConnectionError(self, f"Failed to establish a new connection: {error}") \
            from error


class CheckedHTTPSConnection(CheckedHTTPConnection, HTTPSConnection):
    """An HTTPS connection to a checked address; TLS still verifies the host name."""


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = CheckedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = CheckedHTTPSConnection


class CheckedAdapter(HTTPAdapter):
    """A requests adapter whose connections go only to addresses that pass the URL check."""

    def __init__(self, *, allow_private: bool):
        # Read by init_poolmanager, which HTTPAdapter's constructor calls.
        self.allow_private = allow_private
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        # The pool passes extra keywords on to every connection it makes.
        self.poolmanager.pool_classes_by_scheme = {
            "http": functools.partial(_HTTPPool, allow_private=self.allow_private),
            "https": functools.partial(_HTTPSPool, allow_private=self.allow_private),
        }
