"""A per-process cache of rendered thread listings, keyed by the thread's version.

A listing is a pure function of the thread's public state and its version, which every
change to the public listing bumps in the database. The version is read from the
database on every request, so an entry can never be served after any process changed
the thread: the key simply no longer matches and the entry ages out of the LRU.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import Flask, current_app

from . import comments
from .schemas import comments_out

EXTENSION = "margin_listing_cache"
# Bodies kept per process at most, whatever their number: a 200-comment page of long
# comments is large, and every worker holds its own cache.
MAX_BYTES = 32 * 2**20


class ListingCache:
    """A bounded, thread-safe LRU of listing bodies, with hit and miss counts."""

    def __init__(self, max_entries: int, max_bytes: int = MAX_BYTES):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, *, count_miss: bool = True) -> bytes | None:
        """Return the cached body for this key, freshening it, or None."""
        # The fast reads pass a miss on to Flask's path, which counts it.
        with self._lock:
            body = self._entries.get(key)
            if body is None:
                self.misses += count_miss
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: tuple, body: bytes) -> None:
        """Store a body, dropping the least recently used entries beyond the bound."""
        if self.max_entries <= 0 or len(body) > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes += len(body) - (len(old) if old is not None else 0)
            self._entries[key] = body
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)


def init_app(app: Flask) -> None:
    """Give the app its own listing cache, sized by LISTING_CACHE_ENTRIES."""
    app.extensions[EXTENSION] = ListingCache(app.config["LISTING_CACHE_ENTRIES"])


def cache() -> ListingCache:
    """Return the current app's listing cache."""
    return current_app.extensions[EXTENSION]


def page_key(state: comments.ThreadState, order: str, limit: int, after: int | None) -> tuple:
    """Return what a page's body depends on, as the cache's key."""
    # The version covers the comments, the rest of the key the thread's header (a title
    # filled in later does not bump the version).
    return (state.id, state.version, state.key, state.title, state.count, state.closed,
            order, limit, after)


def cache_control(max_age: int) -> str:
    """Return a listing's Cache-Control: reusable for max_age seconds, or revalidated."""
    return f"public, max-age={max_age}" if max_age else "public, no-cache"


def etag(state: comments.ThreadState, order: str, limit: int, after: int | None) -> str:
    """Return the ETag of a page: it changes with every change to the public listing."""
    # The version changes with every change to the public listing, in every process.
    raw = f"{state.id}:{state.version}:{order}:{limit}:{after}"
    return hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()


def listing_body(state: comments.ThreadState, *, order: str, limit: int,
                 after: int | None) -> bytes:
    """Return the JSON body of a page of a thread, rendering it only when it changed."""
    key = page_key(state, order, limit, after)
    store = cache()
    body = store.get(key)
    if body is None:
        page = comments.list_public(state, newest_first=order == "newest", limit=limit,
                                    after=after,
                                    replies=current_app.config["REPLIES_PER_COMMENT"])
        body = current_app.json.dumps({
            "thread": {"key": state.key, "title": state.title, "count": state.count,
                       "closed": state.closed},
            "items": comments_out.dump(page.items),
            "next": page.next_cursor,
            "more_replies": {str(k): v for k, v in page.more_replies.items()},
        }).encode()
        store.put(key, body)
    return body


def replies_etag(root_id: int, state: comments.ThreadState, limit: int,
                 after: int | None) -> str:
    """Return the ETag of a page of a comment's replies; the thread's version covers them."""
    raw = f"replies:{root_id}:{state.id}:{state.version}:{limit}:{after}"
    return hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()


def replies_body(root_id: int, state: comments.ThreadState, *, limit: int,
                 after: int | None) -> bytes:
    """Return the JSON body of a page of a comment's replies, rendering it once per version."""
    key = ("replies", root_id, state.id, state.version, limit, after)
    store = cache()
    body = store.get(key)
    if body is None:
        items, next_cursor = comments.list_replies(root_id, limit=limit, after=after)
        body = current_app.json.dumps({"items": comments_out.dump(items),
                                       "next": next_cursor}).encode()
        store.put(key, body)
    return body
