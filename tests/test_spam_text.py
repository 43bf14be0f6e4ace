"""Spam text handling: one normalisation for training data and submissions, hashing, links."""

import os
import random
import re
import subprocess
import sys

import pytest

from service.spam.features import (
    DIM,
    char_buckets,
    featurise,
    link_features,
    word_features,
)
from service.spam.text import (
    TLDS,
    URL,
    _fingerprint,
    bare_domains,
    count_links,
    domain_of,
    fingerprint,
    links,
    normalise,
    visible,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hello\ufeff World", "hello world"),
        ("zero\u200bwidth\u200d join", "zerowidth join"),
        ("I&#39;m &quot;fine&quot; &amp; you", 'i\'m "fine" & you'),
        ("double &amp;#39;escaped&amp;#39;", "double 'escaped'"),
        ("line<br />break", "line break"),
        ('see <a href="http://spam.example/x">here</a>!', "see http://spam.example/x here !"),
        ("x < y and z > w", "x < y and z > w"),
        ("\uff26\uff35\uff2c\uff2c \u216b", "full xii"),  # fullwidth letters, a numeral
        ("STRASSE Straße", "strasse strasse"),
        ("  many\n\tspaces  ", "many spaces"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_visible_keeps_case_but_resolves_markup():
    assert visible("GO&#39;<b>NOW</b>\ufeff") == "GO' NOW"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("visit http://a.example/x, then www.b.org.", ["http://a.example/x", "www.b.org"]),
        ("my site HDMovieStream.com is best", ["HDMovieStream.com"]),
        ("no links here, e.g. a sentence. Next one", []),
        ("adf.ly/KlD3Y", ["adf.ly/KlD3Y"]),
    ],
)
def test_links(text, found):
    assert links(text) == found
    assert count_links(text) == len(found)


# The one-regex definition of a bare domain that bare_domains() scans for in linear time.
BARE_DOMAIN = re.compile(
    rf"\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{TLDS})\b(?!\.[a-z0-9])(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)


def _links_without_prefilters(text):
    """Return links as found by running URL and BARE_DOMAIN over every text."""
    found = [u.rstrip(".,;:!?)]}") for u in URL.findall(text)]
    return found + [m.group(0) for m in BARE_DOMAIN.finditer(URL.sub(" ", text))]


@pytest.mark.parametrize("text", [
    "visit http://a.example/x, then www.b.org.", "WWW.SHOP.COM/x", "wWw.a.de", "HTTPS://A.IO",
    "my site HDMovieStream.COM is best", "no links here, e.g. a sentence. Next one", "adf.ly/KlD3Y",
    "a.b.co.uk", "x.comedy", "v1.2.3", "end.", "", "ftp://files.example.net/a", "mail@host.info",
    "http://x.example www.y.example z.ru", "http://a.example.com.", "site.\u212aZ",
    "site.\u017fite", "see http://x.example/y.com", "www.", "http://", "q.tv/x?y=1 and r.me",
])
def test_links_prefilters_miss_nothing(text):
    assert links(text) == _links_without_prefilters(text)


@pytest.mark.parametrize("text", [
    "a.com-x.zzz", "a.com-x.net", "_a.b.com", "_a-b.com", "x_a-b-c.com/p q", "\u00e9a.b.com",
    "a.com.", "a.com.evil", "a.com_", "a..b.com", "a.-b.com", "-ab.com", "1.1.1.com", "a.co-op",
    "a.b.com-x.c.co-y.zzz", "see a.com. Then b.net!", "a.com/x.y.com", "x.com-uk-co.q",
])
def test_bare_domains_find_what_the_regex_finds(text):
    assert bare_domains(text) == [m.group(0) for m in BARE_DOMAIN.finditer(text)]


def test_bare_domains_agree_with_the_regex_on_random_texts():
    rng = random.Random(21)
    pieces = ["a", "b", "1", "-", ".", ".", "com", "co", "uk", "net", "-x", " ", "_", "\u00e9",
              "/", "K", "\u212a", "\u017f", "COM"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert bare_domains(text) == [m.group(0) for m in BARE_DOMAIN.finditer(text)], text


@pytest.mark.parametrize(
    ("url", "host"),
    [("https://www.Example.com/path?q=1", "example.com"), ("shop.example.org", "shop.example.org"),
     ("", ""), (None, ""), ("http://host:8080/x", "host")],
)
def test_domain_of(url, host):
    assert domain_of(url) == host


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Check out my channel!!!", "check out   my channel", True),
        ("Win 100 dollars now", "win 250 dollars NOW!", True),
        ("I&#39;m here\ufeff", "I'm here", True),
        ("Great article", "Terrible article", False),
    ],
)
def test_fingerprint_collides_only_for_near_identical_text(a, b, same):
    assert len(fingerprint(a)) == 64
    assert (fingerprint(a) == fingerprint(b)) is same


def test_fingerprinting_the_same_body_again_is_a_lookup():
    body = "A submission fingerprinted for its history, then for its row " + os.urandom(8).hex()
    first = fingerprint(body)
    hits = _fingerprint.cache_info().hits
    assert fingerprint(body) == first
    assert _fingerprint.cache_info().hits == hits + 1
    assert fingerprint(None) == fingerprint("")


@pytest.mark.slow
def test_features_are_stable_across_processes():
    """Buckets come from crc32, not hash(), so every process agrees (PYTHONHASHSEED varies)."""
    text = normalise("Subscribe to my channel http://spam.example")
    code = ("from service.spam.features import featurise;"
            f"print(featurise({text!r})[1])")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.add(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert outputs == {f"{featurise(text)[1]}\n"}


def test_features_cover_words_bigrams_links_and_char_ngrams():
    named = dict(word_features("check out now"))
    assert {"check", "check out", "out now"} <= set(named)
    linked = dict(link_features(["http://spam.example/a", "http://spam.example/b"]))
    assert set(linked) == {"(a link)", "(link to spam.example)"}  # once each
    # A shortener names no destination: no link feature (the rules still count it).
    assert link_features(["https://t.co/abc", "http://bit.ly/x"]) == []
    _, _, found = featurise("see https://en.wikipedia.org/wiki/Margin please")
    assert [token for token, _ in found] == ["(a link)", "(link to en.wikipedia.org)"]
    assert len(char_buckets("abcdef")) == (8 - 2) + (8 - 3) + (8 - 4)  # padded " abcdef "
    _, buckets, _ = featurise("soooooooo gooooood!!!!!!!!")
    assert len(buckets) == len(set(buckets))
    assert all(0 <= b < DIM for b in buckets)
    # Long runs count as three of a kind, so stretching a word adds nothing new.
    assert featurise("sooooooooo")[1] == featurise("sooo")[1]
