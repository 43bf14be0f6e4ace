"""Copy the labelled spam-training sets into data/spam/, deterministically.

    python scripts/import_spam_data.py /path/to/datasets

Reads conversation-ham/ham.csv and stackexchange-spam/spam.csv and writes one gzip file
per source (split in parts so that no file exceeds 2 MB), with mtime 0 and rows in their
original order: running it twice writes the same bytes. The YouTube and SMS collections
are copied as they are. `python -m service.spam.build` then needs only data/spam/.
"""

import csv
import gzip
import io
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "spam"
# Rows per part, chosen so that every compressed part stays well under 2 MB.
ROWS_PER_PART = 8000
COPIED = ("youtube-spam-collection/Youtube01-Psy.csv",
          "youtube-spam-collection/Youtube02-KatyPerry.csv",
          "youtube-spam-collection/Youtube03-LMFAO.csv",
          "youtube-spam-collection/Youtube04-Eminem.csv",
          "youtube-spam-collection/Youtube05-Shakira.csv",
          "sms-spam-collection/SMSSpamCollection")


def _write_gzip(path: Path, rows: list[dict]) -> None:
    """Write rows as CSV (text, lang) into a gzip file with no timestamp or file name."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["text", "lang"])
    writer.writerows([r["text"], r["lang"]] for r in rows)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                 compresslevel=9, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def split(src: Path, folder: str, prefix: str = "") -> None:
    """Write one file per source (in parts) from a text,source,lang CSV."""
    by_source: dict[str, list[dict]] = defaultdict(list)
    with open(src, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_source[row["source"].removeprefix(prefix)].append(row)
    dest = OUT / folder
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("*.csv.gz"):
        old.unlink()
    for source, rows in sorted(by_source.items()):
        for part, start in enumerate(range(0, len(rows), ROWS_PER_PART), start=1):
            _write_gzip(dest / f"{source}.{part:02d}.csv.gz", rows[start:start + ROWS_PER_PART])


def main(argv: list[str]) -> int:
    """Import from the datasets folder named on the command line."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    base = Path(argv[0])
    for name in COPIED:
        shutil.copyfile(base / name, OUT / Path(name).name)
    split(base / "conversation-ham" / "ham.csv", "conversation-ham")
    split(base / "stackexchange-spam" / "spam.csv", "stackexchange-spam", "stackexchange-spam:")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
