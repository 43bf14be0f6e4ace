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
         "cette", "ce", "chaque", "sale", "are", "many", "typical")
# "ihate", "idespise": the English "i" glued to a verb of hatred.
_I_VERBS = frozenset(("hate", "despise", "detest", "loathe"))
# Shorthand that no leet table reads: "h8" is "hate".
_SHORTHAND = {"h8": "hate", "h8e": "hate"}
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
        # Two middle letters swapped ("flaeu"); the last stays, as the first does.
        out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in (1, 2)}
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
    for word in lexicon.SWAPPED_SHORT:
        for i in (1, 2):
            variant = word[:i] + word[i + 1] + word[i] + word[i + 2:]
            if variant != word and variant not in exact:
                slips.setdefault(variant, word)
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
# Short words a run-together token may be made of besides lexicon words ("jedeteste").
_LINKS = frozenset(w for w in (*_GLUE, *_FR_WORDS, *_EN_WORDS, "me", "te", "se", "nous",
                               "vous", "en", "sont", "etes", "es", "si", "aussi", "plus",
                               "moins", "tant", "trop", "so", "are", "such", "am", "im",
                               "ur", "go", "get", "many", "much", "typical")
                if len(w) > 1)
# Run-together tokens are split only from this length, into parts of at most this length.
_RUN_MIN = 7
_PART_MAX = 16
# A lexicon word in a run-together token has at least this many letters, and one ends it.
_LEX_MIN = 5
# An unknown word may lead a run-together token if it is this long and is an adverb
# ("absolumentimmondes", "justepitoyables") or a linking word follows it.
_FREE_MIN = 5
_ADVERBS = frozenset(("juste", "vraiment", "tellement", "tres", "trop", "just", "really",
                      "totally", "truly", "such"))


@functools.cache
def _lexicon_words() -> frozenset[str]:
    """Return the words of the lexicon's lists, everyday words left out."""
    words: set[str] = set()
    for name in dir(lexicon):
        value = getattr(lexicon, name)
        if name.isupper() and isinstance(value, tuple):
            words.update(w for entry in value for w in entry.split())
    return frozenset(words - lexicon.REAL_WORDS)


@functools.lru_cache(maxsize=8192)
def _run_together(token: str) -> tuple[str, ...] | None:
    """Return a token written without its spaces as its words, or None if it is one word.

    Parts are lexicon words of five letters or more and short linking words, and a
    lexicon word ends the token ("jedeteste", "orduresdefemmes", "verminetrans"). One
    unknown word may lead when it is an adverb or a linking word follows it. The fewest
    parts win. Everyday words in the lexicon's lists are never parts, so "blanket" or
    "reverting" stay whole.
    """
    words = _lexicon_words()

    def lexical(piece: str) -> bool:
        return len(piece) >= _LEX_MIN and (piece in words or (piece[-1] in "sx"
                                           and piece[:-1] in words))

    @functools.cache
    def parts(start: int) -> tuple[str, ...] | None:
        """Return the fewest parts covering token[start:], ending on a lexicon word."""
        best = None
        for end in range(min(len(token), start + _PART_MAX), start, -1):
            piece = token[start:end]
            if end == len(token):
                rest: tuple[str, ...] | None = () if lexical(piece) else None
            elif lexical(piece) or piece in _LINKS:
                rest = parts(end)
            else:
                continue
            if rest is not None and (best is None or len(rest) + 1 < len(best)):
                best = (piece, *rest)
        return best

    def linked(words: tuple[str, ...]) -> bool:
        return any(w in _LINKS for w in words) or sum(map(lexical, words)) > 1

    whole = parts(0)
    if whole is not None and len(whole) > 1 and linked(whole):
        return whole
    best = None
    for cut in range(_FREE_MIN, len(token) - _LEX_MIN + 1):
        free, rest = token[:cut], parts(cut)
        if rest is None or not (free.endswith("ment") or free in _ADVERBS
                                or any(w in _LINKS for w in rest)):
            continue
        if best is None or len(rest) + 1 < len(best):
            best = (free, *rest)
    return best


def _resolve(token: str, slips: dict[str, str], known: frozenset[str]) -> list[str]:
    """Return the canonical word(s) for one token."""
    if token in _SHORTHAND:
        return [_SHORTHAND[token]]
    if token[:1] == "i" and token[1:] in _I_VERBS:
        return ["i", token[1:]]
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
    if len(token) >= _RUN_MIN and token.isalpha():
        words = _run_together(token)
        if words is not None:
            return list(words)
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
