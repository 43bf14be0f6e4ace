"""The retry schedule: exponential backoff with jitter, from seconds to about a day."""

from __future__ import annotations

import random
from collections.abc import Mapping


def delay(retry: int, config: Mapping, rng: random.Random | None = None) -> float:
    """Return the seconds to wait before retry number `retry` (1 is the first retry)."""
    base = config["WEBHOOKS_RETRY_BASE_SECONDS"] * config["WEBHOOKS_RETRY_FACTOR"] ** (retry - 1)
    nominal = min(base, config["WEBHOOKS_RETRY_MAX_SECONDS"])
    # Jitter spreads the retries of many messages that failed together (an outage), so
    # the receiver is not hit by all of them at once when it comes back.
    jitter = config["WEBHOOKS_RETRY_JITTER"]
    return nominal * (rng or random).uniform(1 - jitter, 1 + jitter)

