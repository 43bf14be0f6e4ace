"""Phrases that, in a comment, are almost always someone selling something."""

from .text import WORD

# Kept short and unambiguous: a phrase a reader might use in an argument ("work from
# home", "bitcoin") is left to the classifier, which weighs it against the rest.
SPAM_PHRASES = (
    # selling and clicking
    "click here", "buy now", "order now", "order online now", "limited time offer",
    "act now", "100% free", "risk free", "best prices", "lowest prices",
    "no prescription", "without prescription", "cheap pills", "male enhancement",
    "weight loss pills", "payday loan", "loan offer", "instant approval",
    # prizes
    "you have won", "you've won", "claim your prize", "cash prize", "to claim call",
    "claim now",
    # money and investment scams
    "make money from home", "earn money from home", "make money online", "earn money online",
    "guaranteed returns", "guaranteed profit", "investment platform", "binary options",
    "forex signals", "crypto signals", "double your bitcoin",
    "double your money",
    # gambling
    "free spins", "casino bonus", "welcome bonus", "deposit bonus", "sports betting tips",
    # contact me elsewhere
    "whatsapp me", "on whatsapp", "via whatsapp", "on telegram", "dm me", "text me on",
    "customer support number", "helpline number", "support phone number", "toll free",
    # channel promotion
    "check out my channel", "subscribe to my channel", "sub to my channel", "sub4sub",
    "follow me on", "visit my profile", "check my profile", "my channel",
    "my youtube channel", "check out my video", "check out my new video", "check my video",
    "watch my video", "subscribe to me", "subscribe me", "please subscribe", "plz subscribe",
    "pls subscribe", "subscribe back", "sub back", "like and subscribe", "visit my blog",
    "check out my blog", "visit my website", "visit my site",
    # dating
    "hot singles", "dating site", "meet singles",
    # French
    "cliquez ici", "gagner de l'argent", "gagnez de l'argent", "argent facile",
    "sans ordonnance", "bonus de bienvenue", "tours gratuits", "sur whatsapp",
    "abonnez-vous à ma chaîne", "abonnez-vous", "abonne-toi", "ma chaîne",
    "rencontres coquines",
)
# Matched as runs of words (the classifier's tokens), looked up by their first word: one
# dictionary probe per word of the comment, where a regex alternation of every phrase
# cost as much as the whole classifier.
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase in SPAM_PHRASES:
    _words = tuple(WORD.findall(_phrase))
    _BY_FIRST.setdefault(_words[0], []).append((_words, _phrase))


def spam_phrases(text: str) -> list[str]:
    """Return the distinct spam phrases in normalised text, in order of appearance."""
    words = WORD.findall(text)
    found: dict[str, None] = {}
    for i, word in enumerate(words):
        candidates = _BY_FIRST.get(word)
        if candidates:
            for phrase, shown in candidates:
                if tuple(words[i:i + len(phrase)]) == phrase:
                    found[shown] = None
    return list(found)
