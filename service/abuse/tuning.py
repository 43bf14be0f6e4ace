"""Choose the French hold threshold on French data that the reported figures do not use.

The data is the development half of HateCheck-fr (measure.hatecheck_half): French hateful
statements and the hard French cases that must not be held. The reported figures are the
other half, the French tweets of MLMA and the English sources.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .measure import hatecheck_cases, hatecheck_half, report
from .model import BaseModel
from .settings import Settings

# Tried from the lowest up. The floor: one insulting word (2) with the most the trained
# model may add (1.5) scores 0.38, so no threshold tried holds a comment for that alone.
CANDIDATES = (0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70)
# Functionalities that must not be held, and the most of each a threshold may hold:
# neutral and positive statements about a group stand for ordinary comments (the 1% the
# product allows), counter-speech and negated hate get a third of their 30% allowance.
NEVER_HELD = {"ident_neutral_nh": 0.01, "ident_pos_nh": 0.01, "counter_quote_nh": 0.10,
              "counter_ref_nh": 0.10, "negate_neg_nh": 0.10}
HALF = "dev"
# Thresholds whose mean share held is within this of the best count as equal: about the
# standard error of that mean over the half's thousand-odd hateful cases.
TOLERANCE = 0.01


def tune_french(data: Path, settings: Settings, base: BaseModel | None) -> dict:
    """Return, per candidate, the dev half's held rates, and the threshold chosen.

    Chosen: among the thresholds that keep every NEVER_HELD functionality within its
    limit, the highest whose mean share of hateful functionalities held is within
    TOLERANCE of the best (the half holds no ordinary comments, so a lower threshold must
    earn its place by holding clearly more).
    """
    cases = [c for c in hatecheck_cases(data) if hatecheck_half(c.text) == HALF]
    groups = sorted({c.group for c in cases})
    rows: dict[float, dict] = {}
    for threshold in CANDIDATES:
        site = dataclasses.replace(settings, threshold=threshold, threshold_fr=threshold)
        held = {}
        for fine in groups:
            r = report([c for c in cases if c.group == fine], site, base=base)
            held[fine] = r["abuse_held_rate"] if r["abuse"] else r["ok_held_rate"]
        hateful = [held[f] for f in groups if f.endswith("_h")]
        rows[threshold] = {
            "hateful_held": sum(hateful) / len(hateful),
            "within_limits": all(held.get(f, 0.0) <= most for f, most in NEVER_HELD.items()),
            "held": held,
        }
    allowed = [t for t in CANDIDATES if rows[t]["within_limits"]]
    best = max((rows[t]["hateful_held"] for t in allowed), default=None)
    chosen = max((t for t in allowed if rows[t]["hateful_held"] >= best - TOLERANCE),
                 default=None)
    return {"half": HALF, "candidates": rows, "chosen": chosen}
