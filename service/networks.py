"""Client addresses in SQL: whether a stored address lies in a network, on either database."""

from __future__ import annotations

import ipaddress
import sqlite3
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
SQLITE_FUNCTION = "margin_ip_in_network"


class in_network(FunctionElement):
    """True where the address column lies in the network (given as text, CIDR form)."""

    type = sa.Boolean()
    inherit_cache = True
    name = SQLITE_FUNCTION


@compiles(in_network)
def _sqlite(element, compiler, **kw):
    # SQLite has no address type: a function of Margin's own, registered on every
    # connection (register_sqlite), does the arithmetic with the ipaddress module.
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(in_network, "postgresql")
def _postgresql(element, compiler, **kw):
    column, network = (compiler.process(clause, **kw) for clause in element.clauses)
    # Stored addresses are ipaddress's own text or "unknown" (or NULL once erased); the
    # guard keeps the cast from failing on anything that is not an address.
    return (f"(CASE WHEN {column} ~ '^[0-9a-fA-F:.]+$' "
            f"THEN CAST({column} AS inet) <<= CAST({network} AS cidr) ELSE false END)")


def register_sqlite(connection: sqlite3.Connection) -> None:
    """Give a SQLite connection the function in_network compiles to."""
    connection.create_function(SQLITE_FUNCTION, 2, _contains, deterministic=True)


def _contains(address: str | None, network: str | None) -> bool:
    if not address or not network:
        return False
    try:
        return ipaddress.ip_address(address) in _network(network)
    except ValueError:
        return False


@lru_cache(maxsize=32)
def _network(text: str) -> Network:
    # Called once per row scanned: parse each network once.
    return ipaddress.ip_network(text)
