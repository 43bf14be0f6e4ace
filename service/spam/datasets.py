"""Read the labelled spam data shipped in service/spam/data/ and CSV files to evaluate."""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
VIDEOS = (
    "Youtube01-Psy",
    "Youtube02-KatyPerry",
    "Youtube03-LMFAO",
    "Youtube04-Eminem",
    "Youtube05-Shakira",
)
SMS = "SMSSpamCollection"
_SPAM_LABELS = {"spam", "1", "true", "yes"}
_HAM_LABELS = {"ham", "0", "false", "no"}


@dataclass(frozen=True)
class Example:
    """One labelled text and where it came from."""

    text: str
    spam: bool
    source: str


def parse_label(value: str) -> bool:
    """Return True for a spam label, False for ham; raise ValueError otherwise."""
    label = (value or "").strip().casefold()
    if label in _SPAM_LABELS:
        return True
    if label in _HAM_LABELS:
        return False
    raise ValueError(f"label must be spam/ham or 1/0, not {value!r}")


def youtube(video: str, data_dir: Path = DATA_DIR) -> list[Example]:
    """Return the comments of one video, CONTENT and CLASS only (DATE leaks the label)."""
    with open(data_dir / f"{video}.csv", encoding="utf-8", newline="") as fh:
        return [Example(row["CONTENT"], row["CLASS"] == "1", video) for row in csv.DictReader(fh)]


def sms(data_dir: Path = DATA_DIR) -> list[Example]:
    """Return the SMS Spam Collection messages."""
    out = []
    with open(data_dir / SMS, encoding="utf-8") as fh:
        for line in fh:
            label, _, text = line.rstrip("\n").partition("\t")
            if text:
                out.append(Example(text, parse_label(label), SMS))
    return out


def shipped(exclude: Iterable[str] = (), with_sms: bool = True,
            data_dir: Path = DATA_DIR) -> list[Example]:
    """Return the shipped training data in a fixed order, leaving out the named videos."""
    skip = set(exclude)
    unknown = skip - set(VIDEOS)
    if unknown:
        raise ValueError(f"unknown videos: {', '.join(sorted(unknown))}")
    out: list[Example] = []
    for video in VIDEOS:
        if video not in skip:
            out.extend(youtube(video, data_dir))
    if with_sms:
        out.extend(sms(data_dir))
    return out


def read_csv(path: str | Path) -> Iterator[Example]:
    """Yield the rows of a CSV with columns text and label, in file order."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = {name.strip().casefold(): name for name in reader.fieldnames or ()}
        if "text" not in fields or "label" not in fields:
            raise ValueError("the CSV needs a header with columns 'text' and 'label'")
        for number, row in enumerate(reader, start=2):
            try:
                spam = parse_label(row[fields["label"]])
            except ValueError as exc:
                raise ValueError(f"line {number}: {exc}") from None
            yield Example(row[fields["text"]] or "", spam, str(path))
