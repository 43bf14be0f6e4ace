"""The one path every score takes: a real submission, `margin spam eval` and the LOVO report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..submissions import ClientInfo, Submission
from .datasets import Example
from .evaluate import metrics
from .history import HistorySettings
from .learning import learn
from .model import Model
from .reasons import Reason, Score
from .rules import Evidence, RuleSettings
from .scoring import score_evidence

_RULE_KEYS = ("SPAM_MAX_LINKS", "SPAM_MIN_ELAPSED_MS", "SPAM_MAX_CHARS_PER_SECOND",
              "SPAM_MODERATION_WORDS", "SPAM_BLOCKED_WORDS")
_settings_cache: dict[tuple, RuleSettings] = {}


def word_list(value) -> tuple[str, ...]:
    """Return a word list from config: a list, or a string of comma- or line-separated words."""
    if not value:
        return ()
    items = value.replace("\n", ",").split(",") if isinstance(value, str) else value
    return tuple(w.strip() for w in items if w and w.strip())


def rule_settings(config: Mapping) -> RuleSettings:
    """Return the rule settings of an app's config, reusing compiled word patterns."""
    key = tuple(repr(config[k]) for k in _RULE_KEYS)
    if key not in _settings_cache:
        _settings_cache.clear()  # config rarely changes; keep only the current settings
        _settings_cache[key] = RuleSettings(
            max_links=int(config["SPAM_MAX_LINKS"]),
            min_elapsed_ms=int(config["SPAM_MIN_ELAPSED_MS"]),
            max_chars_per_second=float(config["SPAM_MAX_CHARS_PER_SECOND"]),
            moderation_words=word_list(config["SPAM_MODERATION_WORDS"]),
            blocked_words=word_list(config["SPAM_BLOCKED_WORDS"]),
        )
    return _settings_cache[key]


def history_settings(config: Mapping) -> HistorySettings:
    """Return the flood settings of an app's config."""
    return HistorySettings(
        flood_count=int(config["SPAM_FLOOD_COUNT"]),
        flood_window_seconds=int(config["SPAM_FLOOD_WINDOW_SECONDS"]),
        flood_min_length=int(config["SPAM_FLOOD_MIN_LENGTH"]),
    )


def evidence(sub: Submission, client: ClientInfo) -> Evidence:
    """Return what a submission shows about itself; missing values are no evidence."""
    ip = client.ip if client.ip and client.ip != "unknown" else ""
    return Evidence(
        body=sub.body,
        author=sub.author or "",
        email=sub.email or "",
        website=sub.website or "",
        honeypot=sub.honeypot,
        elapsed_ms=sub.elapsed_ms,
        ip=ip,
        user_agent=client.user_agent or "",
    )


def score(ev: Evidence, model: Model, config: Mapping, history: Iterable[Reason] = ()) -> Score:
    """Return the score of evidence under an app's config."""
    return score_evidence(ev, rule_settings(config), model, float(config["SPAM_THRESHOLD_LOW"]),
                          history, float(config["SPAM_THRESHOLD_HIGH"]))


def file_submission(text: str) -> tuple[Submission, ClientInfo]:
    """Return a row of a labelled file as a submission that carries only its text."""
    return Submission(thread_key="margin-eval", author="", email="", website=None,
                      body=text), ClientInfo(ip="")


def run_stream(examples: Iterable[Example], model: Model, config: Mapping,
               replay: bool = False) -> tuple[list[bool], list[float]]:
    """Score examples in order like submissions; with replay, learn each label afterwards."""
    labels, scores = [], []
    for ex in examples:
        sub, client = file_submission(ex.text)
        labels.append(ex.spam)
        scores.append(score(evidence(sub, client), model, config).value)
        if replay:
            learn(model, ex.text, ex.spam)
    return labels, scores


def report(labels: list[bool], scores: list[float], config: Mapping, replay: bool) -> dict:
    """Return the issue's metrics, and with replay each half's, at the configured thresholds."""
    low, high = float(config["SPAM_THRESHOLD_LOW"]), float(config["SPAM_THRESHOLD_HIGH"])
    out = metrics(labels, scores, low, high)
    if replay:
        half = len(labels) // 2
        out["first_half"] = metrics(labels[:half], scores[:half], low, high)
        out["second_half"] = metrics(labels[half:], scores[half:], low, high)
    return out
