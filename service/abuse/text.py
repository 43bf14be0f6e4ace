"""Undo the spellings people use to slip abuse past word lists, and tell English from French.

canonical() turns a comment into lower-case, accent-free words, with leetspeak
("n1gg3r"), spaced letters ("p u t e"), masked letters ("f*ck"), one dropped, doubled or
swapped letter ("blck", "soufrfir") and words run together ("pendretous") resolved
against the lexicon, so the patterns in rules.py see one spelling of each word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ..spam.text import normalise
from . import lexicon

_LEET = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o",
                       "5": "s", "$": "s", "7": "t", "|": "l", "+": "t"})
_LEET_CHARS = frozenset("4@31!05$7|+")
_TOKEN = re.compile(r"[\w@$!|*+]+(?:'\w+)?")
# At least four letters each followed by one space, dot, dash or star: "p u t e", "k.i.l.l".
_SPACED = re.compile(r"(?<!\w)(?:\w[ .\-*_]){3,}\w(?!\w)")
# French elision: "t'es" reads as "te es", "qu'un" as "que un", so patterns need one form.
_ELISION = re.compile(r"(?<![\w'])(qu|jusqu|lorsqu|puisqu|[ldjtmsnc])'(?=\w)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
# Quotation marks survive as a word of their own, so rules can tell quoted words apart.
QUOTE = "qqq"
_QUOTES = re.compile('["\u00ab\u00bb\u201c\u201d\u201e]')
# Endings stripped to find a lexicon word: plurals, feminine forms.
ENDINGS = ("es", "s", "x", "e", "nes", "ne", "ee", "ees")
# Short words that get glued to the next or previous one ("detravelos", "pendretous").
_GLUE = ("de", "des", "les", "la", "le", "du", "ces", "tous", "toutes", "un", "une",
         "the", "all", "these", "those", "them", "you", "a", "of", "to", "sales", "cet",
         "cette", "ce", "chaque", "sale")
_FR_WORDS = frozenset((
    "le", "la", "les", "des", "du", "un", "une", "est", "sont", "et", "je", "tu", "il",
    "elle", "nous", "vous", "ils", "elles", "ce", "ces", "cette", "que", "qui", "pas", "ne",
    "de", "au", "aux", "pour", "dans", "sur", "avec", "mais", "ou", "donc", "car", "mon",
    "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "leur", "leurs", "tous", "toutes",
    "tout", "tres", "plus", "etre", "avoir", "fait", "faut",
))
_EN_WORDS = frozenset((
    "the", "a", "an", "is", "are", "was", "were", "and", "or", "but", "you", "he", "she",
    "it", "we", "they", "i", "to", "of", "in", "on", "at", "for", "with", "this", "that",
    "these", "those", "not", "be", "have", "has", "do", "does", "did", "will", "would",
    "should", "can", "all", "my", "your", "his", "her", "their", "our", "just", "so", "very",
    "what", "who",
))


def fold(text: str) -> str:
    """Return text without accents (é -> e), lower-case as normalise() left it."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _join_spaced(match: re.Match) -> str:
    return re.sub(r"[ .\-*_]", "", match.group(0))


def _deleet(token: str) -> str:
    """Return a token with leet characters read as letters, when it mixes both."""
    core = token.strip("!|*.+")
    if not core or not (_LEET_CHARS & set(core)) or core.isdigit():
        return core.replace("*", "") if "*" in core else core
    if not any(c.isalpha() for c in core):
        return core
    return core.translate(_LEET).replace("*", "")


@dataclass(frozen=True)
class Canonical:
    """A comment as the rules read it: canonical words, joined, and its language."""

    text: str
    words: tuple[str, ...]
    french: bool


def _variants(word: str) -> set[str]:
    """Return the one-slip spellings of word: a letter dropped or two swapped.

    The first letter stays (people keep it so the word is still read), and five-letter
    words only lose a vowel ("blck"): more slips of short words are everyday words.
    """
    if len(word) == 5:
        out = {word[:i] + word[i + 1:] for i in range(1, 5) if word[i] in "aeiou"}
    else:
        out = {word[:i] + word[i + 1:] for i in range(1, len(word))}
        out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:]
                for i in range(1, len(word) - 1)}
    out.discard(word)
    return {v for v in out if len(v) >= 4}


@functools.cache
def vocabulary() -> tuple[dict[str, str], frozenset[str]]:
    """Return slip spelling -> lexicon word, and the lexicon's words with their endings."""
    words: set[str] = set()
    for name in dir(lexicon):
        if name.isupper():
            for entry in getattr(lexicon, name):
                words.update(entry.split())
    exact = frozenset(words)
    # Every inflected form too, so a word is looked up once, not once per ending.
    known = frozenset(words | {w + e for w in words for e in ENDINGS})
    slips: dict[str, str] = {}
    for word in sorted(exact):
        if len(word) < 5:
            continue
        for variant in _variants(word):
            # A variant that is itself a word in the lexicon or a common one stays itself.
            if variant not in exact and variant not in lexicon.REAL_WORDS:
                slips.setdefault(variant, word)
    return slips, known


_GLUE_SET = frozenset(_GLUE)
_GLUE_LENGTHS = sorted({len(g) for g in _GLUE})


def _resolve(token: str, slips: dict[str, str], known: frozenset[str]) -> list[str]:
    """Return the canonical word(s) for one token."""
    if len(token) < 4 or token in known or token in lexicon.REAL_WORDS:
        return [token]
    if token in slips:
        return [slips[token]]
    if token[-1] == "s" and token[:-1] in slips:
        return [slips[token[:-1]] + "s"]
    if len(token) >= 6:
        for n in _GLUE_LENGTHS:
            if token[:n] in _GLUE_SET and token[n:] in known:
                return [token[:n], token[n:]]
            if token[-n:] in _GLUE_SET and token[:-n] in known:
                return [token[:-n], token[-n:]]
    return [token]


def canonical(text: str) -> Canonical:
    """Return the canonical reading of a comment."""
    plain = fold(normalise(text).translate(_APOSTROPHES))
    plain = _SPACED.sub(_join_spaced, plain)
    plain = _ELISION.sub(r"\1e ", plain)
    if '"' in plain or not plain.isascii():
        plain = _QUOTES.sub(f" {QUOTE} ", plain)
    slips, known = vocabulary()
    words: list[str] = []
    fr = en = 0
    for raw in _TOKEN.findall(plain):
        # Most words are plain letters: nothing to read as leetspeak or masks.
        token = raw if raw.isalpha() else _deleet(raw)
        if not token:
            continue
        if token in _FR_WORDS:
            fr += 1
        elif token in _EN_WORDS:
            en += 1
        words.extend(_resolve(token, slips, known))
    return Canonical(" ".join(words), tuple(words), fr > en)
