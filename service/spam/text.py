"""Normalise comment text the same way for training data and live submissions."""

import functools
import hashlib
import html
import re
import unicodedata

# Invisible characters used to dodge word filters; U+FEFF also litters the YouTube data.
_INVISIBLE = dict.fromkeys(
    map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\u180e"
             "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"),
    None,
)
# A tag must start right after "<" so that "x < y and z > w" survives as text.
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?\s*>")
_HREF = re.compile(r"""href\s*=\s*["']*([^"'\s>]+)""", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
# A bare domain with a common TLD is a link to a reader even without "http".
TLDS = (
    "com|net|org|info|biz|ru|de|uk|co|io|ly|me|tk|us|ca|fr|nl|pl|br|in|cn|xyz|top|site|"
    "online|club|shop|store|live|app|tv|cc|ws|gl|gd|be|it|es|eu|au|jp"
)
BARE_DOMAIN = re.compile(
    rf"\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{TLDS})\b(?!\.[a-z0-9])(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
WORD = re.compile("\\w+(?:['\u2019]\\w+)*")


def _tag_to_text(match: re.Match) -> str:
    """Replace a tag by the URL it links to, or by a space."""
    href = _HREF.search(match.group(0))
    return f" {href.group(1)} " if href else " "


def normalise(text: str | None) -> str:
    """Return text as the classifier sees it: plain, visible, NFKC and casefolded."""
    if not text:
        return ""
    text = _TAG.sub(_tag_to_text, text)
    # Twice, because scraped text is sometimes escaped twice ("&amp;#39;").
    for _ in range(2):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    text = text.translate(_INVISIBLE)
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", text).strip()


def visible(text: str | None) -> str:
    """Return text with tags, entities and invisible characters resolved, case kept."""
    if not text:
        return ""
    text = _TAG.sub(_tag_to_text, text)
    text = html.unescape(html.unescape(text)) if "&" in text else text
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    return _SPACE.sub(" ", text).strip()


# Every bare domain holds a dot right before its TLD: one scan for that clears most prose.
_DOT_TLD = re.compile(rf"\.(?:{TLDS})", re.IGNORECASE)


def may_hold_url(text: str) -> bool:
    """Return False only if URL cannot match text (it needs "://" or "www." in any case)."""
    # ":", "/" and "." match only themselves under IGNORECASE, "w" only "w" and "W".
    return "://" in text or "ww." in text or "wW." in text or "Ww." in text or "WW." in text


def links(text: str) -> list[str]:
    """Return the links a reader would see in text (URLs and bare domains)."""
    if may_hold_url(text):
        found = [u.rstrip(".,;:!?)]}") for u in URL.findall(text)]
        text = URL.sub(" ", text)
    else:
        found = []
    if _DOT_TLD.search(text):
        found.extend(m.group(0) for m in BARE_DOMAIN.finditer(text))
    return found


def domain_of(url: str | None) -> str:
    """Return the host of a URL or bare domain without "www.", or ""."""
    if not url:
        return ""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().casefold())
    host = re.split(r"[/?#:\s]", host, maxsplit=1)[0]
    return host.removeprefix("www.").strip(".")


_NON_ALNUM = re.compile(r"[^\w]+|_")
_DIGITS = re.compile(r"\d+")


def fingerprint(body: str | None) -> str:
    """Return a 64-hex digest shared by texts that differ only in case, punctuation or digits."""
    return _fingerprint(body or "")


# A submission's body is fingerprinted twice (flood history, then the stored comment): the
# second call is a lookup. A few entries cover concurrent submissions and hold little.
@functools.lru_cache(maxsize=16)
def _fingerprint(body: str) -> str:
    """Return fingerprint(body) for a string body."""
    text = normalise(body)
    text = _DIGITS.sub("0", _NON_ALNUM.sub(" ", text))
    text = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_links(text: str) -> int:
    """Return how many links a reader would see in text."""
    return len(links(visible(text)))
