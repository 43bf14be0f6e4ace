"""Time scoring hostile 5,000-character bodies: `python bench/hostile_bodies.py [--runs N]`.

Prints, per body, the best of N scorings in milliseconds and its ratio to the ordinary
body's best, measured side by side (the bodies are those of
tests/test_spam_backtracking.py). A linear scorer keeps every ratio a small number.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.spam.learning import SHIPPED_MODEL
from service.spam.model import Model
from service.spam.rules import Evidence, RuleSettings
from service.spam.scoring import score_evidence
from tests.helpers.spam import HOSTILE, ORDINARY


def best_ms(body: str, model: Model, cfg: RuleSettings, runs: int) -> float:
    """Return the fastest of runs scorings of body, in milliseconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        score_evidence(Evidence(body=body), cfg, model, 0.3)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    """Print each hostile body's time and its ratio to the ordinary body's."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    model, cfg = Model.loads(SHIPPED_MODEL.read_bytes()), RuleSettings()
    base = best_ms(ORDINARY, model, cfg, args.runs)
    print(f"{'ordinary':22s} {base:8.1f} ms  x 1.0")
    for name, body in HOSTILE.items():
        ms = best_ms(body, model, cfg, args.runs)
        print(f"{name:22s} {ms:8.1f} ms  x {ms / base:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
