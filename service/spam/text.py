"""Text helpers the spam checks share."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def fingerprint(text: str) -> str:
    """Return a hash of the text that ignores case, spacing and punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return hashlib.sha256(_NON_WORD.sub(" ", folded).strip().encode()).hexdigest()[:32]


def count_links(text: str) -> int:
    """Count the web links written in the text."""
    return len(_LINK.findall(text))
