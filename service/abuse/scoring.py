"""Combine the reasons into one abuse score in [0, 1] and name its main category."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..spam.model import sigmoid
from .patterns import Category
from .rules import NO_TERMS, Reason, TermSettings, apply_rules
from .text import canonical

# Log-odds of a comment with no evidence at all. With it, one explicit match (weight 6)
# scores 0.88 and anything under 4 in total stays under 0.5.
BIAS = -4.0
# Evidence that ranks comments but never holds one: it stops this far (in log-odds) short
# of the hold line when the rest of the evidence is below it.
RANK_ONLY = frozenset({"rude_word"})
_SHORT_OF_LINE = 0.01
DEFAULT_LINE = 0.5
# Moderation reason code under which each category is held (the report categories).
REASON_CODES = {
    Category.HARASSMENT: "harassment",
    Category.HATE_SPEECH: "hate_speech",
    Category.THREAT: "harassment",
    Category.SEXUAL: "harassment",
}


@dataclass(frozen=True)
class Score:
    """An abuse probability, the reasons behind it, its main category and language."""

    value: float
    reasons: tuple[Reason, ...]
    category: Category | None
    french: bool

    @property
    def reason_code(self) -> str:
        """Return the moderation reason code a hold by this score is filed under."""
        if self.category is None:
            return "other"
        # A threat against a group is hate speech; against a person, harassment.
        if self.category is Category.THREAT and any(
                r.against_group or (r.category is Category.HATE_SPEECH and r.weight > 0)
                for r in self.reasons):
            return "hate_speech"
        return REASON_CODES[self.category]

    def summary(self) -> str:
        """Return the reasons as one line for the audit log."""
        return "; ".join(r.message for r in self.reasons if r.weight > 0)[:2000]


def _ranked_only(reasons: list[Reason], logit: float, line: float) -> list[Reason]:
    """Return the reasons with rank-only evidence cut to what keeps them under the hold line."""
    if not 0.0 < line < 1.0 or not any(r.code in RANK_ONLY for r in reasons):
        return reasons
    room = math.log(line / (1.0 - line)) - _SHORT_OF_LINE - logit - sum(
        r.weight for r in reasons if r.code not in RANK_ONLY)
    out = []
    for r in reasons:
        if r.code in RANK_ONLY:
            weight = min(r.weight, max(room, 0.0))
            room -= weight
            if weight <= 0.0:
                continue
            r = replace(r, weight=weight)
        out.append(r)
    return out


def combine(reasons: Iterable[Reason], french: bool, extra_logit: float = 0.0,
            line: float = DEFAULT_LINE) -> Score:
    """Add the reasons' log-odds to the bias and name the category that weighs most.

    line is the site's hold threshold: rank-only evidence never takes a comment over it.
    """
    reasons = _ranked_only(list(reasons), BIAS + extra_logit, line)
    ordered = tuple(sorted(reasons, key=lambda r: -abs(r.weight)))
    by_category: dict[Category, float] = {}
    for r in ordered:
        if r.weight > 0:
            by_category[r.category] = by_category.get(r.category, 0.0) + r.weight
    category = max(by_category, key=by_category.__getitem__) if by_category else None
    value = sigmoid(BIAS + extra_logit + sum(r.weight for r in ordered))
    return Score(value, ordered, category, french)


def screen(text: str, terms: TermSettings = NO_TERMS) -> Score:
    """Return the abuse score of a comment's text from the lexicons and patterns alone."""
    doc = canonical(text)
    return combine(apply_rules(doc, terms), doc.french)
