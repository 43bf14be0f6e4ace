"""Copy the labelled toxicity sets the abuse model learns from into data/abuse/.

    python scripts/import_abuse_data.py /path/to/datasets

Reads toxicity/{wikipedia_talk,civil_comments_toxicspans,davidson,mlma}.csv and writes one
gzip file per source and language (columns text, toxic, lang; rows in their original
order; parts of at most 8,000 rows; gzip with no timestamp), so that running it twice
writes the same bytes. Stack Exchange's "removed as offensive" posts are not copied: they
hold positives only, from which a model would learn a site's register, not abuse.
`python -m service.abuse.build` then needs only data/abuse/.
"""

import csv
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "abuse"
ROWS_PER_PART = 8000
FILES = ("wikipedia_talk", "civil_comments_toxicspans", "davidson", "mlma")


def _write_gzip(path: Path, rows: list[dict]) -> None:
    """Write rows as CSV (text, toxic, lang) into a gzip file with no timestamp or name."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["text", "toxic", "lang"])
    writer.writerows([r["text"], r["toxic"], r["lang"]] for r in rows)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                 compresslevel=9, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def main(argv: list[str]) -> int:
    """Import from the datasets folder named on the command line."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    base = Path(argv[0]) / "toxicity"
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.csv.gz"):
        old.unlink()
    for name in FILES:
        by_lang: dict[str, list[dict]] = defaultdict(list)
        with open(base / f"{name}.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                by_lang[row["lang"]].append(row)
        for lang, rows in sorted(by_lang.items()):
            source = name if len(by_lang) == 1 else f"{name}-{lang}"
            for part, start in enumerate(range(0, len(rows), ROWS_PER_PART), start=1):
                _write_gzip(OUT / f"{source}.{part:02d}.csv.gz",
                            rows[start:start + ROWS_PER_PART])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
