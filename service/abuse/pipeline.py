"""The one path every abuse score takes: a submission, `margin abuse eval` and the report."""

from __future__ import annotations

from dataclasses import replace

from ..submissions import Submission
from .learning import AbuseModel
from .model import NOTABLE, BaseModel
from .rules import COUNTERED, TermSettings, apply_rules, countered
from .scoring import Score, combine
from .settings import Settings
from .text import Canonical, canonical

OFF = Score(0.0, (), None, False)


def score_text(body: str, settings: Settings, model: AbuseModel | None = None,
               base: BaseModel | None = None) -> Score:
    """Return the abuse score of a comment's text under a site's settings.

    model is what the site's moderators taught; base the model built from labelled data.
    """
    if not settings.enabled:
        return OFF
    doc = canonical(body)
    reasons = apply_rules(doc, settings.terms)
    words = counted_words(doc, settings.terms)
    trained = base.reason(words) if base is not None else None
    if trained is not None:
        # Reported or condemned abuse weighs less here too (looked for only when it counts).
        if trained.weight > 0 and countered(doc.text):
            trained = replace(trained, weight=trained.weight * COUNTERED)
        if abs(trained.weight) >= NOTABLE:
            reasons.append(trained)
    learned = model.reason(words) if model is not None else None
    if learned is not None:
        reasons.append(learned)
    return combine(reasons, doc.french, line=settings.threshold_for(doc.french))


def counted_words(doc: Canonical, terms: TermSettings) -> tuple[str, ...]:
    """Return the canonical words the models read: all but the site's never-count terms."""
    if not terms.ignore_patterns:
        return doc.words
    text = doc.text
    for pattern in terms.ignore_patterns:
        text = pattern.sub(" ", text)
    return tuple(text.split())


def score_submission(sub: Submission, settings: Settings, model: AbuseModel | None = None,
                     base: BaseModel | None = None) -> Score:
    """Return the abuse score of a submission (its text is what is screened)."""
    return score_text(sub.body, settings, model, base)


def holds(score: Score, settings: Settings) -> bool:
    """Tell whether a score holds its comment for a moderator under these settings."""
    return settings.enabled and score.value >= settings.threshold_for(score.french)


def file_submission(text: str) -> Submission:
    """Return a row of a labelled file as a submission that carries only its text."""
    return Submission(thread_key="margin-eval", author="", email="", website=None, body=text)
