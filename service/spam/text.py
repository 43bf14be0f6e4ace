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
# Possessive and with one way through, so that "<a" and a long tail cannot backtrack.
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*+(?:\s[^<>]*+|/?\s*+)>")
_HREF = re.compile(r"""href\s*+=\s*+["']*+([^"'\s>]++)""", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']++", re.IGNORECASE)
# A bare domain with a common TLD is a link to a reader even without "http".
TLDS = (
    "com|net|org|info|biz|ru|de|uk|co|io|ly|me|tk|us|ca|fr|nl|pl|br|in|cn|xyz|top|site|"
    "online|club|shop|store|live|app|tv|cc|ws|gl|gd|be|it|es|eu|au|jp"
)
# A bare domain is scanned per run of domain characters (see bare_domains): one regex over
# the text, "(?:label\\.)+tld", backtracks quadratically on "1.1.1.1..." or "a-a-a-...".
_DOMAIN_RUN = re.compile(r"[a-z0-9.-]++", re.IGNORECASE)
_LABEL = re.compile(r"[a-z0-9]++(?:-++[a-z0-9]++)*+", re.IGNORECASE)
_TLD = re.compile(rf"(?:{TLDS})", re.IGNORECASE)
_PATH = re.compile(r"/[^\s<>\"']*+")
_WORDLIKE = re.compile(r"\w")
WORD = re.compile("\\w+(?:['\u2019]\\w+)*")


def _tag_to_text(match: re.Match) -> str:
    """Replace a tag by the URL it links to, or by a space."""
    href = _HREF.search(match.group(0))
    return f" {href.group(1)} " if href else " "


def normalise(text: str | None, limit: int | None = None) -> str:
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
    # Cut before casefolding: NFKC makes one "\ufdfa" eighteen characters.
    text = unicodedata.normalize("NFKC", text)[:limit].casefold()
    return _SPACE.sub(" ", text).strip()[:limit]


def visible(text: str | None, limit: int | None = None) -> str:
    """Return text with tags, entities and invisible characters resolved, case kept."""
    if not text:
        return ""
    text = _TAG.sub(_tag_to_text, text)
    text = html.unescape(html.unescape(text)) if "&" in text else text
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))[:limit]
    return _SPACE.sub(" ", text).strip()


# Every bare domain holds a dot right before its TLD: one scan for that clears most prose.
_DOT_TLD = re.compile(rf"\.(?:{TLDS})", re.IGNORECASE)


def may_hold_url(text: str) -> bool:
    """Return False only if URL cannot match text (it needs "://" or "www." in any case)."""
    # ":", "/" and "." match only themselves under IGNORECASE, "w" only "w" and "W".
    return "://" in text or "ww." in text or "wW." in text or "Ww." in text or "WW." in text


def _tld_end(text: str, start: int, end: int, last: bool) -> int | None:
    """Return where a TLD opening label text[start:end] ends as a word, or None."""
    hyphen = text.find("-", start, end)
    stop = end if hyphen < 0 else hyphen
    if not _TLD.fullmatch(text, start, stop):
        return None
    # A whole label inside a chain is followed by ".label": a subdomain, not a TLD.
    if stop == end and (not last or (stop < len(text) and _WORDLIKE.match(text, stop))):
        return None
    return stop


def _chain_end(labels: list[tuple[int, int]], i: int, text: str) -> int:
    """Return the index of the last label joined to labels[i] by single dots."""
    j = i
    while j + 1 < len(labels) and labels[j + 1][0] == labels[j][1] + 1 and \
            text[labels[j][1]] == ".":
        j += 1
    return j


def bare_domains(text: str) -> list[str]:
    """Return the bare domains in text ("site.com", "a.b.co.uk/x"), in linear time."""
    # Finds what "\b(?:label\.)+(?:TLDS)\b(?!\.[a-z0-9])(?:/path)?" finds, but decides
    # each chain of dotted labels once instead of again from every label in it.
    found: list[str] = []
    pos = 0
    while (run := _DOMAIN_RUN.search(text, pos)) is not None:
        pos = run.end()
        labels = [m.span() for m in _LABEL.finditer(text, run.start(), run.end())]
        i = 0
        while i < len(labels):
            start, end = labels[i]
            if start > 0 and _WORDLIKE.match(text, start - 1):
                # No word boundary before the label: a domain may start after a hyphen in it.
                hyphen = text.find("-", start, end)
                if hyphen < 0:
                    i += 1
                    continue
                start = hyphen + len(text[hyphen:end]) - len(text[hyphen:end].lstrip("-"))
                labels[i] = (start, end)
            j = _chain_end(labels, i, text)
            stop = None
            if j > i:
                stop = _tld_end(text, *labels[j], last=True)
                k = j
                # As the regex backtracks: a TLD before a hyphen in an earlier label ends it.
                while stop is None and k - 1 > i:
                    k -= 1
                    stop = _tld_end(text, *labels[k], last=False)
            if stop is None:
                i = j + 1
                continue
            path = _PATH.match(text, stop)
            found.append(text[labels[i][0]:path.end() if path else stop])
            if path:
                pos = max(pos, path.end())
            if k == j:
                i = j + 1
            else:
                # The rest of the label after the hyphen starts a new chain.
                rest = labels[k][1]
                after = stop + len(text[stop:rest]) - len(text[stop:rest].lstrip("-"))
                labels[k] = (after, rest)
                i = k
    return found


def links(text: str) -> list[str]:
    """Return the links a reader would see in text (URLs and bare domains)."""
    if may_hold_url(text):
        found = [u.rstrip(".,;:!?)]}") for u in URL.findall(text)]
        text = URL.sub(" ", text)
    else:
        found = []
    if _DOT_TLD.search(text):
        found.extend(bare_domains(text))
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
