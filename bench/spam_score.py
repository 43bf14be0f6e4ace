"""Time scoring a 500-character comment: `python bench/spam_score.py [--iterations N] [--db]`.

Prints the median (and other percentiles) in microseconds. Without --db it times the
scoring itself (normalisation, features, classifier with explanation, rules, combination);
with --db it times spam.assess() end to end on a migrated SQLite file, reputation and
flood queries included.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.spam.learning import SHIPPED_MODEL
from service.spam.model import Model
from service.spam.rules import Evidence, RuleSettings
from service.spam.scoring import score_evidence

COMMENT = (
    "I have crossed this bridge every morning for eleven years, and the works have made "
    "the commute twice as long. The council promised the cycle lane would stay open, yet "
    "it has been closed since March with no notice. Does anyone know who signed off the "
    "new timetable? The report on the city website (page 14) says the budget doubled, but "
    "this article says it rose by a third. Which is right? I would also like to hear from "
    "the engineers, not only the politicians. Thanks for covering it so well, though!"
)


def _percentiles(samples: list[int]) -> str:
    """Return the median and spread of samples in microseconds."""
    samples = sorted(samples)
    q = statistics.quantiles(samples, n=100)
    return (f"median {statistics.median(samples) / 1000:.1f} us "
            f"(p10 {q[9] / 1000:.1f}, p90 {q[89] / 1000:.1f}, p99 {q[98] / 1000:.1f}; "
            f"{len(samples)} runs)")


def bench_pure(iterations: int) -> list[int]:
    """Time score_evidence on fresh Evidence each run."""
    model = Model.loads(SHIPPED_MODEL.read_bytes())
    cfg = RuleSettings(moderation_words=("casino", "lottery"), blocked_words=("viagra",))
    samples = []
    for _ in range(iterations):
        start = time.perf_counter_ns()
        ev = Evidence(COMMENT, author="Ann Reader", email="ann@example.com", elapsed_ms=60_000)
        score_evidence(ev, cfg, model, 0.3, high=0.85)
        samples.append(time.perf_counter_ns() - start)
    return samples


def bench_db(iterations: int) -> list[int]:
    """Time spam.assess() with a migrated SQLite database."""
    from bench.harness import migrated_app
    from service import spam
    from service.submissions import ClientInfo, Submission

    app = migrated_app()
    sub = Submission(thread_key="/bench", author="Ann Reader", email="ann@example.com",
                     website=None, body=COMMENT, elapsed_ms=60_000)
    client = ClientInfo(ip="192.0.2.1")
    samples = []
    with app.app_context():
        for _ in range(iterations):
            start = time.perf_counter_ns()
            spam.assess(sub, client)
            samples.append(time.perf_counter_ns() - start)
    return samples


def main() -> int:
    """Run the benchmark and print the median."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--db", action="store_true", help="time spam.assess() with a database")
    args = parser.parse_args()
    assert len(COMMENT) == 500, len(COMMENT)
    run = bench_db if args.db else bench_pure
    run(min(200, args.iterations))  # warm up caches and the allocator
    label = "spam.assess() with SQLite" if args.db else "scoring"
    print(f"{label}, 500-character comment: {_percentiles(run(args.iterations))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
