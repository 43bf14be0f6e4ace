"""Hand-written spam rules: each looks at one submission and returns a Reason or None."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .contact import email_addresses, phone_numbers
from .features import collapse_runs
from .phrases import spam_phrases
from .reasons import Reason
from .text import URL, WORD, bare_domains, links, may_hold_url, normalise, visible

# The most text the rules and the classifier look at, a little over the longest body: NFKC
# can make a body eighteen times longer ("\ufdfa" is one character in, eighteen out).
TEXT_LIMIT = 6_000


@dataclass(frozen=True)
class Evidence:
    """What a submission shows about itself, with its text views computed once."""

    body: str
    author: str = ""
    email: str = ""
    website: str = ""
    honeypot: str | None = None
    elapsed_ms: int | None = None
    ip: str = ""
    user_agent: str = ""

    @cached_property
    def visible(self) -> str:
        """Return the body as a reader sees it, case kept."""
        return visible(self.body, TEXT_LIMIT)

    @cached_property
    def normalised(self) -> str:
        """Return the body as the classifier sees it."""
        return normalise(self.body, TEXT_LIMIT)

    @cached_property
    def collapsed(self) -> str:
        """Return the normalised body with character runs cut to three, as features see it."""
        return collapse_runs(self.normalised)

    @cached_property
    def links(self) -> list[str]:
        """Return the links in the body, found once for the rules and the classifier."""
        return links(self.collapsed)


@dataclass(frozen=True)
class RuleSettings:
    """The site's rule configuration (see Defaults in service/config.py)."""

    max_links: int = 2
    min_elapsed_ms: int = 3000
    max_chars_per_second: float = 40.0
    moderation_words: tuple[str, ...] = ()
    blocked_words: tuple[str, ...] = ()
    shout_ratio: float = 0.7
    shout_min_letters: int = 12
    repeat_run: int = 6
    word_patterns: dict = field(default_factory=dict, compare=False, repr=False)

    def pattern(self, words: tuple[str, ...]) -> re.Pattern | None:
        """Return one regex matching any of words as whole words, cached per word list."""
        if words not in self.word_patterns:
            parts = []
            for word in sorted({normalise(w) for w in words if w and w.strip()}):
                left = r"(?<!\w)" if word[0].isalnum() else ""
                right = r"(?!\w)" if word[-1].isalnum() else ""
                parts.append(left + re.escape(word) + right)
            self.word_patterns[words] = re.compile("|".join(parts)) if parts else None
        return self.word_patterns[words]


# Weights are log-odds, added to the prior and the classifier's (see docs/spam.md).
W_HONEYPOT = 12.0
W_TOO_FAST = 4.0
W_FAST_TYPING = 1.5
# Links are mainly a hold rule (see HOLD_CODES); the classifier already weighs links.
W_LINKS = 0.5
W_LINK_EXTRA = 0.5
W_MODERATION_WORD = 2.0
W_BLOCKED_WORD = 8.0
W_OBFUSCATED_LINK = 2.5
# A person does not sign "http://cheap-pills.example": enough alone to hold a comment.
W_AUTHOR_URL = 4.0
W_SHOUTING = 0.75
W_REPEATS = 0.5
# Contact details in a comment are how scams ask to be answered; alone they only lift a
# little, but they let the classifier speak in full (see scoring.py).
W_CONTACT = 1.5
W_SPAM_PHRASE = 2.0
W_SPAM_PHRASE_EXTRA = 0.5  # per further phrase, up to W_SPAM_PHRASE_CAP
W_SPAM_PHRASE_CAP = 3.0
# Selling phrases next to a link are link spam.
W_SPAM_PHRASE_LINK = 1.5
# A comment that is a link and next to nothing else (fewer than BARE_LINK_WORDS words
# beside it) advertises the link: readers who cite a source say why.
BARE_LINK_WORDS = 4
W_BARE_LINK = 1.0

# Rules that, like WordPress's, send a comment to moderation whatever else says: the text
# of a bot's submission may be copied from a real comment, so bot signs hold it too.
HOLD_CODES = frozenset({"links", "moderation_word", "too_fast", "author_url", "bare_link"})
# Rules that leave no doubt: a bot filled the hidden field, or the site blocks a word.
CERTAIN_CODES = frozenset({"honeypot", "blocked_word"})


def honeypot(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag a filled-in hidden field, which only bots see."""
    if ev.honeypot and ev.honeypot.strip():
        return Reason("honeypot", "the hidden form field was filled in, as bots do", W_HONEYPOT)
    return None


def too_fast(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag a submission sent sooner after the form appeared than a person could manage."""
    if ev.elapsed_ms is None or ev.elapsed_ms < 0:
        return None
    seconds = ev.elapsed_ms / 1000
    if ev.elapsed_ms < cfg.min_elapsed_ms:
        return Reason("too_fast", f"sent {seconds:.1f} s after the form was shown", W_TOO_FAST)
    rate = len(ev.visible) / seconds if seconds else 0.0
    if rate > cfg.max_chars_per_second:
        return Reason(
            "fast_typing",
            f"{len(ev.visible)} characters written in {seconds:.1f} s ({rate:.0f} per second)",
            W_FAST_TYPING,
        )
    return None


def too_many_links(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag more links than the site allows (WordPress holds at 2)."""
    count = len(ev.links)
    if count <= cfg.max_links:
        return None
    weight = min(W_LINKS + W_LINK_EXTRA * (count - cfg.max_links - 1), 3.0)
    return Reason("links", f"{count} links (more than {cfg.max_links})", weight)


def bare_link(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag a comment that is a link and hardly anything else."""
    if not ev.links:
        return None
    rest = ev.collapsed
    for url in ev.links:
        rest = rest.replace(url, " ")
    if len(WORD.findall(rest)) >= BARE_LINK_WORDS:
        return None
    return Reason("bare_link", "a link with almost nothing else said", W_BARE_LINK)


def _word_hit(ev: Evidence, words: tuple[str, ...], cfg: RuleSettings) -> tuple[str, str] | None:
    """Return (word, field) for the first listed word found in a field, or None."""
    pattern = cfg.pattern(words)
    if pattern is None:
        return None
    fields = (("author", ev.author), ("email", ev.email), ("website", ev.website),
              ("text", ev.body), ("address", ev.ip), ("browser", ev.user_agent))
    for name, value in fields:
        hit = pattern.search(ev.normalised if name == "text" else normalise(value))
        if hit:
            return hit.group(0), name
    return None


def moderation_word(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag a word from the site's moderation list; the comment goes to moderation."""
    hit = _word_hit(ev, cfg.moderation_words, cfg)
    if hit:
        return Reason("moderation_word", f'the {hit[1]} contains "{hit[0]}", '
                      "a word this site holds for moderation", W_MODERATION_WORD)
    return None


def blocked_word(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag a word from the site's blocked list."""
    hit = _word_hit(ev, cfg.blocked_words, cfg)
    if hit:
        return Reason("blocked_word", f'the {hit[1]} contains "{hit[0]}", '
                      "a word this site blocks", W_BLOCKED_WORD)
    return None


_DISGUISE_TLDS = "com|net|org|info|biz|ru|xyz|ly|tk"
# A name before a disguised TLD: bounded like a DNS label (63 characters), so a search that
# starts at every "a" of "a-a-a-..." costs a bounded step each, not the rest of the text.
_NAME = "[a-z0-9-]{2,63}"
_DISGUISED = (
    # "HDMovieStream.COMl": a stray letter after the TLD dodges link detectors.
    re.compile(rf"\b[\w-]{{2,63}}+\.(?:{_DISGUISE_TLDS})[a-z]\b"),
    # "site . com", "site. com", "site .com"
    re.compile(rf"\b{_NAME}+(?:\s++\.\s*+|\.\s++)(?:{_DISGUISE_TLDS})\b"),
    # "site dot com", "site (dot) com", "site[.]com" ("sitedot) com" needs the backtracking)
    re.compile(rf"\b{_NAME}\s*+[(\[{{]?+\s*+(?:dot|\.)\s*+[)\]}}]\s*+(?:{_DISGUISE_TLDS})\b"),
    re.compile(rf"\b{_NAME}+\s*+[(\[{{]\s*+(?:dot|\.)\s*+[)\]}}]?+\s*+(?:{_DISGUISE_TLDS})\b"),
    re.compile(rf"\b{_NAME}+\s++dot\s++(?:{_DISGUISE_TLDS})\b"),
)
# Every pattern above holds "dot" or "." then, past spaces and at most one closing bracket,
# a TLD: one scan for that clears ordinary text without running the five.
_MAYBE_DISGUISED = re.compile(rf"(?:dot|\.)\s*+[)\]}}]?+\s*+(?:{_DISGUISE_TLDS})")


def obfuscated_link(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag a link written to slip past link counting ("site dot com")."""
    text = ev.normalised
    if may_hold_url(text):
        text = URL.sub(" ", text)
    if not _MAYBE_DISGUISED.search(text):
        return None
    for pattern in _DISGUISED:
        hit = pattern.search(text)
        if hit:
            return Reason("obfuscated_link", f'a disguised link: "{hit.group(0)}"',
                          W_OBFUSCATED_LINK)
    return None


def author_is_url(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag an author name that is a web address, a classic of link spam."""
    author = normalise(ev.author)
    if author and (URL.search(author) or bare_domains(author)):
        return Reason("author_url", "the author name is a URL", W_AUTHOR_URL)
    return None


# In ASCII, str.isalpha is exactly A-Z and a-z and str.isupper exactly A-Z.
_ASCII_NON_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII_CAPITALS = bytes(c for c in range(128) if chr(c).isupper())


def _letters_and_capitals(text: str) -> tuple[int, int]:
    """Return how many letters text holds and how many of them are capitals."""
    if text.isascii():
        # bytes.translate counts in C: a tenth of the time of a loop over characters.
        letters = text.encode("ascii").translate(None, _ASCII_NON_LETTERS)
        return len(letters), len(letters) - len(letters.translate(None, _ASCII_CAPITALS))
    chars = list(filter(str.isalpha, text))
    return len(chars), sum(map(str.isupper, chars))


def shouting(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag text written mostly in capital letters."""
    letters, upper = _letters_and_capitals(ev.visible)
    if letters < cfg.shout_min_letters:
        return None
    share = upper / letters
    if share < cfg.shout_ratio:
        return None
    return Reason("shouting", f"shouts in capitals ({share:.0%} of letters)", W_SHOUTING)


@lru_cache(maxsize=16)
def _run_pattern(run: int) -> re.Pattern:
    """Return the regex for one non-space character repeated run times or more."""
    # Spelled-out backreferences scan about 40% faster than the equivalent "\1{5,}".
    return re.compile(r"(\S)" + r"\1" * (run - 2) + r"\1+")


def repeated_characters(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag a long run of one character ("!!!!!!!!", "$$$$$$")."""
    if cfg.repeat_run < 2:
        return None
    hit = _run_pattern(cfg.repeat_run).search(ev.visible)
    if not hit:
        return None
    run = hit.group(0)
    shown = run if len(run) <= 12 else run[:12] + "…"
    return Reason("repeats", f'a character repeated {len(run)} times ("{shown}")', W_REPEATS)


def contact_details(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag a phone number or an email address written in the text."""
    found = []
    if phone_numbers(ev.visible):
        found.append("a phone number")
    if email_addresses(ev.normalised):
        found.append("an email address")
    if not found:
        return None
    # The number or address itself is not repeated: reasons are shown to moderators.
    return Reason("contact", f"the text gives {' and '.join(found)}", W_CONTACT)


def spam_phrasing(ev: Evidence, cfg: RuleSettings) -> Reason | None:
    """Flag phrases that in a comment almost always sell something ("free spins")."""
    found = spam_phrases(ev.normalised)
    if not found:
        return None
    shown = ", ".join(f'"{p}"' for p in found[:3])
    weight = min(W_SPAM_PHRASE + W_SPAM_PHRASE_EXTRA * (len(found) - 1), W_SPAM_PHRASE_CAP)
    if ev.links:
        weight += W_SPAM_PHRASE_LINK
        shown += ", next to a link"
    return Reason("spam_phrase", f"known spam phrasing: {shown}", weight)


RULES: tuple[Callable[[Evidence, RuleSettings], Reason | None], ...] = (
    honeypot,
    too_fast,
    too_many_links,
    bare_link,
    blocked_word,
    moderation_word,
    obfuscated_link,
    author_is_url,
    shouting,
    repeated_characters,
    contact_details,
    spam_phrasing,
)


def apply_rules(ev: Evidence, cfg: RuleSettings) -> list[Reason]:
    """Return the reasons of every rule that fires, in a fixed order."""
    return [r for rule in RULES if (r := rule(ev, cfg)) is not None]
