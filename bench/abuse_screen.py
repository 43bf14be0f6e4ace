"""Time and size the abuse screener: `python bench/abuse_screen.py [--iterations N]`.

Times abuse.assess() as a submission calls it (settings, learned model, patterns), on an
ordinary 500-character comment, on an abusive one and on a French one, beside the spam
scorer's own time on the same texts as the baseline a submission already pays. Then prints
a worker's memory before and after the screener's first use (lexicon index, compiled
patterns, the trained model's 1 MB and the decisions model's 256 KB of weights).
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    "ordinary": (
        "I have crossed this bridge every morning for eleven years, and the works have made "
        "the commute twice as long. The council promised the cycle lane would stay open, yet "
        "it has been closed since March with no notice. Does anyone know who signed off the "
        "new timetable? The report on the city website (page 14) says the budget doubled, but "
        "this article says it rose by a third. Which is right? I would also like to hear from "
        "the engineers, not only the politicians. Thanks for covering it so well, though!"),
    "abusive": (
        "You are a worthless idiot and everyone on this thread knows it. People like you "
        "should be hanged, and all the immigrants you defend are vermin. I know where you "
        "live. Go fuck yourself and take your stupid article with you, you pathetic clown."),
    "french": (
        "Je traverse ce pont tous les matins depuis onze ans, et les travaux ont doublé le "
        "temps de trajet. La mairie avait promis que la piste cyclable resterait ouverte, "
        "mais elle est fermée depuis mars sans aucun préavis. Quelqu'un sait-il qui a signé "
        "le nouveau calendrier ? Le rapport sur le site de la ville parle d'un budget doublé."),
}


def rss_mb() -> float:
    """Return this process's resident set size in MB (Linux)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 1e6


def _median_us(samples: list[int]) -> float:
    return statistics.median(samples) / 1000


def main() -> int:
    """Print the screener's median time per text against the spam scorer's, then memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="margin-abuse-bench-")
    migrate = ("import sys; from flask_migrate import upgrade; from service import create_app;"
               "app = create_app(instance_path=sys.argv[1]); app.app_context().push();"
               "upgrade(directory=app.extensions['migrate'].directory)")
    subprocess.run([sys.executable, "-c", migrate, folder], check=True, capture_output=True,
                   cwd=ROOT)
    from service import abuse, create_app, spam
    from service.submissions import ClientInfo, Submission

    app = create_app({"TESTING": True}, instance_path=folder)
    with app.app_context():
        shipped = getattr(getattr(abuse, "model", None), "shipped", None)
        if shipped is not None:
            shipped.cache_clear()  # create_app loaded it: measure it as part of first use
        before = rss_mb()
        abuse.assess(Submission("/m", "A", "a@example.com", None, "first use"))
        after = rss_mb()
        for name, text in TEXTS.items():
            sub = Submission("/m", "A", "a@example.com", None, text)
            client = ClientInfo(ip="192.0.2.1")
            spam.assess(sub, client)
            screen, baseline = [], []
            for _ in range(args.iterations):
                start = time.perf_counter_ns()
                abuse.assess(sub)
                middle = time.perf_counter_ns()
                spam.assess(sub, client)
                baseline.append(time.perf_counter_ns() - middle)
                screen.append(middle - start)
            ratio = _median_us(screen) / _median_us(baseline)
            print(f"{name:9} abuse screening median {_median_us(screen):7.1f} us "
                  f"(p90 {statistics.quantiles(screen, n=10)[8] / 1000:.1f}); spam scoring "
                  f"{_median_us(baseline):7.1f} us; ratio {ratio:.2f}")
    print(f"worker memory: {before:.1f} MB before the screener's first use, {after:.1f} MB "
          f"after (+{after - before:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
