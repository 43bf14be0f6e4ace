"""Tell whether a comment is written in a language the classifier was taught (English, French)."""

import enum
import unicodedata

from .text import URL, WORD, may_hold_url


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent short words of each language. English and French are what the classifier was
# taught; the others are there to recognise text it was not (only then does it abstain:
# telegraphic English spam holds few English function words, and must still be scored).
_TAUGHT = {
    "en": _words("the and is are was were be been to of in that it this for with on not you "
                 "he she they we i my your his her their our have has had do does did but or "
                 "as at by from so if what which who would will can could should there about "
                 "just like all no don't it's i'm"),
    "fr": _words("le les des est et une un pas qui que dans pour sur ce il elle je vous nous "
                 "ils du au aux sont mais avec ne ça c'est j'ai plus tout fait être cette ont "
                 "ai était comme où leur même bien très aussi y a on se sa son ses mes"),
}
_OTHERS = {
    "es": _words("el los las del por con una para es está pero como más muy sí también "
                 "porque cuando hay todo esta este ese eso lo al su sus yo"),
    "de": _words("der die das und ist nicht ein eine ich sie es mit den dem auf für von "
                 "zu auch wie wir sind war hat noch nur aber oder wenn schon sehr"),
    "it": _words("il lo gli della che è non per una sono con del anche come più ma ho ha "
                 "questo questa molto sei perché tutto io"),
    "pt": _words("o os as da do das dos um uma não com para é são mais mas como muito "
                 "você eu isso está também por que foi"),
    "nl": _words("de het een en van ik niet dat is op te zijn met voor maar ook wat als "
                 "er nog dit wel"),
}
# Below this many words a text says too little to tell ("lol", "merci", "👍"): score it.
MIN_WORDS = 5
# A language is recognised when its words are this share of the text's words.
MIN_SHARE = 0.15


class Language(enum.Enum):
    """A comment's language as far as the classifier is concerned."""

    ENGLISH = "en"
    FRENCH = "fr"
    OTHER = "other"
    UNKNOWN = "unknown"  # too short, or no language stands out


# Each word's languages, so one pass over a comment counts them all.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocab in (*_TAUGHT.items(), *_OTHERS.items()):
    for _word in _vocab:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)


def _latin_share(text: str) -> float:
    """Return the share of letters in text that are Latin."""
    if text.isascii():
        return 1.0
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def detect(text: str) -> Language:
    """Return the language of normalised (casefolded) text."""
    if len(text) >= 20 and _latin_share(text) < 0.5:
        return Language.OTHER  # Cyrillic, Arabic, CJK, ...: nothing the classifier knows
    if may_hold_url(text):
        text = URL.sub(" ", text)  # "http", "www" and "com" are no language's words
    words = WORD.findall(text)
    if len(words) < MIN_WORDS:
        return Language.UNKNOWN
    hits = dict.fromkeys((*_TAUGHT, *_OTHERS), 0)
    get = _LANGUAGES_OF.get
    for word in words:
        for lang in get(word, ()):
            hits[lang] += 1
    best_taught = max(_TAUGHT, key=hits.__getitem__)
    other = max(hits[lang] for lang in _OTHERS)
    if other > hits[best_taught] and other >= MIN_SHARE * len(words):
        return Language.OTHER
    if hits[best_taught] == 0:
        return Language.UNKNOWN
    return Language.ENGLISH if best_taught == "en" else Language.FRENCH


def taught(text: str) -> bool:
    """Return False only for text clearly in a language the classifier never learned."""
    return detect(text) is not Language.OTHER
