"""Combine the classifier and the rules into one score (see docs/spam.md)."""

import math
from collections.abc import Iterable

from .language import taught
from .model import Features, Model, sigmoid
from .reasons import Reason, Score
from .rules import CERTAIN_CODES, HOLD_CODES, Evidence, RuleSettings, apply_rules

# The log-odds that a comment is spam before any evidence: about 1 in 20 of what reaches
# a news site's form after the honeypot and timing checks. A comment with no evidence
# either way scores sigmoid(PRIOR) = 0.05, well under the hold threshold.
PRIOR = -3.0
# Scales the classifier's log-odds against the hand-set rule weights.
CLASSIFIER_WEIGHT = 1.0
# Alone, the classifier may hold a comment but never file it as spam: without a link,
# contact details or another rule agreeing, its log-odds stops this far below the spam
# threshold.
ALONE_MARGIN = 0.25


def alone_cap(high: float) -> float:
    """Return the most the classifier may add on its own under the spam threshold high."""
    if high >= 1.0:
        return math.inf
    return math.log(high / (1.0 - high)) - PRIOR - ALONE_MARGIN


def classifier_reason(model: Model, feats: Features, cap: float = math.inf) -> Reason:
    """Return the text classifier's verdict as a reason naming its strongest tokens."""
    exp = model.explain(feats)
    tokens = ", ".join(f"'{t}'" for t in exp.tokens)
    leaning = "spam-like" if exp.logit >= 0 else "ham-like"
    detail = f" ({leaning} tokens: {tokens})" if tokens else ""
    weight = CLASSIFIER_WEIGHT * exp.logit
    if weight > cap:
        weight = cap
        detail += "; limited, as nothing else in the comment suggests spam"
    return Reason("classifier", f"text classifier: {exp.probability:.2f}{detail}", weight)


ABSTAINED = Reason("classifier", "text classifier: no opinion (the text is not in a "
                   "language it was taught, English or French)", 0.0)


def combine(reasons: Iterable[Reason], floor: float) -> Score:
    """Add the prior and the reasons' log-odds, squash; certain rules give 1, hold rules floor."""
    ordered = tuple(sorted(reasons, key=lambda r: -abs(r.weight)))
    value = sigmoid(PRIOR + sum(r.weight for r in ordered))
    codes = {r.code for r in ordered}
    if codes & CERTAIN_CODES:
        value = 1.0
    elif value < floor < 1.0 and codes & HOLD_CODES:
        # A floor of 1 means the site holds nothing: lifting to it would file as spam.
        value = floor
    return Score(value, ordered)


def score_evidence(ev: Evidence, cfg: RuleSettings, model: Model, low: float,
                   history: Iterable[Reason] = (), high: float = 1.0) -> Score:
    """Return the score of one submission: classifier, rules and history reasons combined."""
    others = apply_rules(ev, cfg)
    others.extend(history)
    if not taught(ev.normalised):
        # The rules still decide: links, contact details, floods, reputation.
        return combine([ABSTAINED, *others], low)
    # A link or any other spam evidence lets the classifier speak in full.
    corroborated = bool(ev.links) or any(r.weight > 0 for r in others)
    cap = math.inf if corroborated else alone_cap(high)
    feats = Features.of(ev.collapsed, normalised=True, links=ev.links)
    reasons = [classifier_reason(model, feats, cap), *others]
    return combine(reasons, low)
