"""A site's abuse settings, read from its config once per change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..spam.pipeline import word_list
from .patterns import Category
from .rules import TermSettings

_KEYS = ("ABUSE_ENABLED", "ABUSE_THRESHOLD", "ABUSE_THRESHOLD_FR", "ABUSE_HOLD_TERMS",
         "ABUSE_IGNORE_TERMS", "ABUSE_NUDGE")


@dataclass(frozen=True)
class Settings:
    """Whether to screen, where to hold, and the site's own words."""

    enabled: bool
    threshold: float
    threshold_fr: float
    terms: TermSettings
    nudge: bool

    def threshold_for(self, french: bool) -> float:
        """Return the hold threshold for a comment in French or not."""
        return self.threshold_fr if french else self.threshold


def _hold_terms(value) -> dict[Category, tuple[str, ...]]:
    """Return the always-hold terms per category; unknown categories are refused."""
    out: dict[Category, tuple[str, ...]] = {}
    for name, terms in (value or {}).items():
        try:
            category = Category(name)
        except ValueError:
            known = ", ".join(c.value for c in Category)
            raise ValueError(f"ABUSE_HOLD_TERMS: unknown category {name!r} "
                             f"(one of {known})") from None
        out[category] = word_list(terms)
    return out


_cache: dict[tuple, Settings] = {}


def from_config(config: Mapping) -> Settings:
    """Return the settings of an app's config, reusing compiled terms while it is unchanged."""
    key = tuple(repr(config.get(k)) for k in _KEYS)
    if key not in _cache:
        _cache.clear()  # config rarely changes; keep only the current settings
        _cache[key] = Settings(
            enabled=bool(config["ABUSE_ENABLED"]),
            threshold=float(config["ABUSE_THRESHOLD"]),
            threshold_fr=float(config["ABUSE_THRESHOLD_FR"]),
            terms=TermSettings(hold=_hold_terms(config["ABUSE_HOLD_TERMS"]),
                               ignore=word_list(config["ABUSE_IGNORE_TERMS"])),
            nudge=bool(config["ABUSE_NUDGE"]),
        )
    return _cache[key]
