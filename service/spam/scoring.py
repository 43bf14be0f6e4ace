"""Combine the classifier and the rules into one score (see the README, "Spam scoring")."""

from collections.abc import Iterable

from .model import Features, Model, sigmoid
from .reasons import Reason, Score
from .rules import CERTAIN_CODES, HOLD_CODES, Evidence, RuleSettings, apply_rules

# Scales the classifier's log-odds against the hand-set rule weights.
CLASSIFIER_WEIGHT = 1.0


def classifier_reason(model: Model, feats: Features) -> Reason:
    """Return the text classifier's verdict as a reason naming its strongest tokens."""
    exp = model.explain(feats)
    tokens = ", ".join(f"'{t}'" for t in exp.tokens)
    leaning = "spam-like" if exp.logit >= 0 else "ham-like"
    detail = f" ({leaning} tokens: {tokens})" if tokens else ""
    return Reason("classifier", f"text classifier: {exp.probability:.2f}{detail}",
                  CLASSIFIER_WEIGHT * exp.logit)


def combine(reasons: Iterable[Reason], floor: float) -> Score:
    """Add the reasons' log-odds and squash to [0, 1]; certain rules give 1, hold rules floor."""
    ordered = tuple(sorted(reasons, key=lambda r: -abs(r.weight)))
    value = sigmoid(sum(r.weight for r in ordered))
    codes = {r.code for r in ordered}
    if codes & CERTAIN_CODES:
        value = 1.0
    elif value < floor and codes & HOLD_CODES:
        value = floor
    return Score(value, ordered)


def score_evidence(ev: Evidence, cfg: RuleSettings, model: Model, low: float,
                   history: Iterable[Reason] = ()) -> Score:
    """Return the score of one submission: classifier, rules and history reasons combined."""
    reasons = [classifier_reason(model, Features.of(ev.collapsed, normalised=True, links=ev.links))]
    reasons.extend(apply_rules(ev, cfg))
    reasons.extend(history)
    return combine(reasons, low)
