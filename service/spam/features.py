"""Turn normalised text into hashed word and character n-gram features."""

import re
import zlib
from itertools import pairwise

from .text import URL, WORD, domain_of, links, may_hold_url

DIM_BITS = 20
DIM = 1 << DIM_BITS
MASK = DIM - 1
CHAR_NGRAMS = (3, 4, 5)
# One crc32 seed per namespace keeps "ab" the word apart from "ab" the bigram or n-gram.
_SEED_WORD = 0x5EED0001
_SEED_BIGRAM = 0x5EED0002
_SEED_CHAR = {3: 0x5EED0003, 4: 0x5EED0004, 5: 0x5EED0005}
_SEED_EXTRA = 0x5EED0006
# "soooooo" and "!!!!!!!!" say the same as three of a kind; longer runs would swamp the rest.
# Spelled-out backreferences scan twice as fast as the equivalent "\1{3,}".
_RUN = re.compile(r"(.)\1\1\1+")
# Link shorteners: the classifier learns nothing from their links (the rules still count them).
SHORTENERS = frozenset({
    "t.co", "bit.ly", "goo.gl", "tinyurl.com", "ow.ly", "is.gd", "buff.ly", "tiny.cc",
    "dlvr.it", "fb.me", "lnkd.in", "shorturl.at", "cutt.ly", "rebrand.ly",
})


def _crc(token: str, seed: int) -> int:
    """Return the stable bucket of token in namespace seed."""
    return zlib.crc32(token.encode(), seed) & MASK


def words(text: str) -> list[str]:
    """Return the word tokens of normalised text."""
    return WORD.findall(text)


def collapse_runs(text: str) -> str:
    """Return text with every run of one character cut to three."""
    return _RUN.sub(r"\1\1\1", text)


def word_features(text: str) -> list[tuple[str, int]]:
    """Return (readable token, bucket) for words and word bigrams."""
    toks = words(text)
    crc = zlib.crc32
    # _crc inlined and each bigram built once: this runs on every submission.
    out = [(t, crc(t.encode(), _SEED_WORD) & MASK) for t in toks]
    bigrams = [f"{a} {b}" for a, b in pairwise(toks)]
    out += [(g, crc(g.encode(), _SEED_BIGRAM) & MASK) for g in bigrams]
    return out


def link_features(urls: list[str]) -> list[tuple[str, int]]:
    """Return (readable token, bucket) for "has a link" and each linked host, once each."""
    out: dict[str, int] = {}
    for url in urls:
        host = domain_of(url)
        # A shortener hides where it leads; and in the training data t.co is only Twitter's
        # own wrapping of tweets (ham of one source), which would teach "a link is ham".
        if host in SHORTENERS:
            continue
        out.setdefault("(a link)", _crc("link", _SEED_EXTRA))
        if host:
            out.setdefault(f"(link to {host})", _crc(host, _SEED_EXTRA))
    return list(out.items())


def char_buckets(text: str) -> list[int]:
    """Return the buckets of the character 3- to 5-grams of text padded with spaces."""
    data = f" {text} ".encode()
    crc = zlib.crc32
    out: list[int] = []
    # One comprehension per size (they run about a third faster than an appending loop),
    # in the same order as ever: the shipped model's training saw this order.
    for n in CHAR_NGRAMS:
        seed = _SEED_CHAR[n]
        out += [crc(data[i : i + n], seed) & MASK for i in range(len(data) - n + 1)]
    return out


def featurise(text: str, found: list[str] | None = None,
              ) -> tuple[list[tuple[str, int]], list[int], list[tuple[str, int]]]:
    """Return the averaged (named, buckets) and the link features of normalised text."""
    # found: the text's links, if already known. Cutting runs again is a no-op on text
    # that already had them cut.
    text = collapse_runs(text)
    urls = links(text) if found is None else found
    # A URL's characters say little but its host ("(link to ...)"): a video id or a path
    # would otherwise be half the n-grams of a short comment that cites a source.
    words_of = URL.sub(" ", text) if urls and may_hold_url(text) else text
    named = word_features(words_of)
    buckets = [b for _, b in named]
    buckets.extend(char_buckets(words_of))
    # Presence, not counts: one n-gram repeated 50 times is still one piece of evidence.
    return named, list(dict.fromkeys(buckets)), link_features(urls)
