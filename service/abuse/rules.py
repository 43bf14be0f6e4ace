"""Apply the patterns to a comment, weigh each match in its context, and give reasons."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import lexicon
from .patterns import (
    CLAUSE_BREAK,
    CONJUGATED,
    COUNTER,
    DISCLAIMER,
    GROUP_WORD,
    LONE_WORDS,
    NEGATION,
    NOT_COUNTER,
    NOT_NEGATION,
    PATTERNS,
    TRIGGERS,
    Category,
    Pattern,
    finite_forms,
)
from .text import ENDINGS, QUOTE, Canonical, canonical

# How much less a match weighs when negated, quoted, or in a comment that reports or
# condemns abuse. Chosen so that one explicit match so placed stays below the hold line.
NEGATED = 0.15
QUOTED = 0.3
COUNTERED = 0.35
# Words before a match in which a negation turns it around ("no one should kill ...").
NEGATION_WINDOW = 6
# A site's own "always hold" term outweighs everything else.
SITE_TERM_WEIGHT = 20.0
# At most this much from words found alone, per kind (insults, obscenities, swearing).
LONE_CAP = {"insult_word": 3.0, "obscene_word": 3.0, "profanity": 2.0, "rude_word": 1.5}
_SPAN_CHARS = 60
# Words after a threat in which a named group makes it a threat against that group.
GROUP_LOOKAHEAD = 6


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: what was seen, its category and its log-odds weight."""

    code: str
    category: Category
    message: str
    weight: float
    # A threat aimed at a group (it is held as hate speech, not harassment).
    against_group: bool = False
    # The words that were seen, as the reader wrote them once spellings are undone.
    seen: str = ""

    def as_dict(self) -> dict:
        """Return the reason as stored in Comment.abuse_reasons."""
        return {"code": self.code, "category": self.category.value, "message": self.message,
                "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class TermSettings:
    """A site's own words: per category terms that always hold, and terms that never count."""

    hold: dict[Category, tuple[str, ...]] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()

    @functools.cached_property
    def hold_patterns(self) -> tuple[tuple[Category, str, re.Pattern], ...]:
        """Return each always-hold term in canonical form, compiled."""
        out = []
        for category, terms in self.hold.items():
            for term in terms:
                form = canonical(term).text
                if form:
                    out.append((category, term,
                                re.compile(rf"\b{re.escape(form)}(?:e?s|x)?\b")))
        return tuple(out)

    @functools.cached_property
    def ignore_patterns(self) -> tuple[re.Pattern, ...]:
        """Return each never-count term in canonical form, compiled."""
        forms = (canonical(t).text for t in self.ignore)
        return tuple(re.compile(rf"\b{re.escape(f)}(?:e?s|x)?\b") for f in forms if f)


NO_TERMS = TermSettings()


@functools.cache
def _index() -> dict[str, frozenset[str]]:
    """Return word -> names of the lexicon lists (and triggers) it may open."""
    index: dict[str, set[str]] = {}
    for name in dir(lexicon):
        value = getattr(lexicon, name)
        if name.isupper() and isinstance(value, tuple):
            for entry in value:
                # The longest word of "get rid of" is the one worth looking for.
                word = max(entry.replace("-", " ").split(), key=len)
                for form in (word, *(word + e for e in ENDINGS)):
                    index.setdefault(form, set()).add(name)
    # A conjugated verb opens its list too ("viole" for "violer").
    for name in CONJUGATED:
        for entry in getattr(lexicon, name):
            for form in finite_forms(entry):
                index.setdefault(form, set()).add(name)
    for name, words in TRIGGERS.items():
        for word in words:
            index.setdefault(word, set()).add(name)
    return {w: frozenset(names) for w, names in index.items()}


_NONE: frozenset[str] = frozenset()


def present(words: tuple[str, ...]) -> set[str]:
    """Return the names of the lists some word of the comment belongs to."""
    index, found = _index(), set()
    for word in set(words):
        names = index.get(word)
        if names:
            found |= names
    return found


def countered(text: str) -> bool:
    """Tell whether a comment reports or condemns what it quotes (counter-speech)."""
    if COUNTER.search(text) is None or DISCLAIMER.search(text) is not None:
        return False
    return COUNTER.search(NOT_COUNTER.sub(" ", text)) is not None


def _context(text: str, match: re.Match, pattern_negates: bool = False,
             negatable: bool = True, counter: bool | None = None) -> tuple[float, str]:
    """Return the factor the match's surroundings apply, and a note saying why."""
    before = text[: match.start()].split()[-NEGATION_WINDOW:]
    prefix = " ".join(before)
    breaks = list(CLAUSE_BREAK.finditer(prefix))
    if breaks:
        prefix = prefix[breaks[-1].end():]
    scope = prefix if pattern_negates else f"{prefix} {match.group(0)}"
    if negatable and NEGATION.search(NOT_NEGATION.sub(" ", scope)):
        return NEGATED, " (negated)"
    if text[: match.start()].split().count(QUOTE) % 2:
        return QUOTED, " (quoted)"
    if countered(text) if counter is None else counter:
        return COUNTERED, " (reported or condemned)"
    return 1.0, ""


def _ignored(span: str, terms: TermSettings) -> bool:
    return any(p.search(span) for p in terms.ignore_patterns)


def _clean(span: str) -> str:
    return span.replace(f"{QUOTE} ", "").replace(f" {QUOTE}", "")[:_SPAN_CHARS]


def _quote(span: str) -> str:
    span = span.replace(f"{QUOTE} ", "").replace(f" {QUOTE}", "")
    return f"'{span[:_SPAN_CHARS]}{'...' if len(span) > _SPAN_CHARS else ''}'"


def _names_group(text: str, match: re.Match) -> bool:
    """Tell whether a group is named in the match or the few words after it."""
    after = " ".join(text[match.end():].split()[:GROUP_LOOKAHEAD])
    return GROUP_WORD.search(f"{match.group(0)} {after}") is not None


def _best(pattern: Pattern, text: str, terms: TermSettings, counter: bool) -> Reason | None:
    """Return the strongest match of one pattern as a reason, or None."""
    best: Reason | None = None
    for match in pattern.regex.finditer(text):
        if _ignored(match.group(0), terms):
            continue
        factor, note = _context(text, match, pattern.built_in_negation, pattern.negatable,
                                counter)
        weight = pattern.weight * factor
        if best is None or weight > best.weight:
            best = Reason(pattern.code, pattern.category,
                          f"{pattern.label}: {_quote(match.group(0))}{note}", weight,
                          pattern.category is Category.THREAT
                          and _names_group(text, match), _clean(match.group(0)))
        if factor == 1.0:
            break
    return best


def _overlap(a: Reason, b: Reason) -> bool:
    """Tell whether two reasons rest on the same words (one's words hold the other's)."""
    return bool(a.seen and b.seen) and (a.seen in b.seen or b.seen in a.seen)


def apply_rules(doc: Canonical, terms: TermSettings = NO_TERMS) -> list[Reason]:
    """Return the reasons the comment's words give, strongest pattern per kind."""
    reasons: list[Reason] = []
    text = doc.text
    for category, term, regex in terms.hold_patterns:
        if regex.search(text):
            reasons.append(Reason("site_term", category, f"site's hold term: '{term}'",
                                  SITE_TERM_WEIGHT, seen=term))
    found = present(doc.words)
    if not found:
        return reasons
    seen: set[tuple[str, str]] = set()
    counter = countered(text)
    for pattern in PATTERNS:
        if not pattern.needs & found:
            continue
        reason = _best(pattern, text, terms, counter)
        # One reason per code and category: "kill you" and "kill them" are one threat.
        key = (pattern.code, pattern.category.value)
        # The same words matched by two patterns ("X are worthless", "lives of X are
        # worthless") are one piece of evidence: the stronger reading counts.
        if reason is not None:
            overlaps = [r for r in reasons if r.code != "site_term" and _overlap(r, reason)]
            if any(r.weight >= reason.weight for r in overlaps):
                continue
            reasons = [r for r in reasons if r not in overlaps]
            seen = {(r.code, r.category.value) for r in reasons}
        if reason is not None and key not in seen:
            seen.add(key)
            reasons.append(reason)
        elif reason is not None:
            i = next(i for i, r in enumerate(reasons)
                     if (r.code, r.category.value) == key)
            if reason.weight > reasons[i].weight:
                reasons[i] = reason
    for code, category, weight, label, regex, needs in LONE_WORDS:
        if not needs & found:
            continue
        # A word counts as much as its surroundings let it (quoted, reported, negated).
        factors: dict[str, float] = {}
        for m in regex.finditer(text):
            if not _ignored(m.group(0), terms):
                factor = _context(text, m, counter=counter)[0]
                factors[m.group(0)] = max(factor, factors.get(m.group(0), 0.0))
        words = sorted(factors)
        if words:
            total = min(weight * sum(factors.values()), LONE_CAP[code])
            shown = ", ".join(f"'{w}'" for w in words[:3])
            reasons.append(Reason(code, category, f"{label}: {shown}", total, seen=words[0]))
    return reasons
