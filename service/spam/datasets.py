"""Read the labelled spam-training data (data/spam/ in a checkout) and CSV files to evaluate."""

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# The shipped model and its attribution live in the package; the training rows do not (they
# would make every installation 7 MB larger): they stay in the repository, beside the code.
MODEL_DIR = Path(__file__).resolve().parent / "data"
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "spam"
VIDEOS = (
    "Youtube01-Psy",
    "Youtube02-KatyPerry",
    "Youtube03-LMFAO",
    "Youtube04-Eminem",
    "Youtube05-Shakira",
)
SMS = "SMSSpamCollection"
# Ordinary comments (all ham) and web spam (all spam), one set of files per source.
CONVERSATION = (
    "wikipedia-talk",
    "civil-comments-toxicspans",
    "davidson-tweets",
    "mlma-en",
    "mlma-fr",
)
WEB_SPAM = (
    "20170319-mse-spam",
    "20170713-apple-spam",
    "20180615-puzzling-spam",
)
SOURCES = (*VIDEOS, SMS, *CONVERSATION, *WEB_SPAM)
_SPAM_LABELS = {"spam", "1", "true", "yes"}
_HAM_LABELS = {"ham", "0", "false", "no"}


@dataclass(frozen=True)
class Example:
    """One labelled text and where it came from."""

    text: str
    spam: bool
    source: str
    lang: str = "en"


class MissingData(FileNotFoundError):
    """The training data is not where a checkout keeps it."""


def parse_label(value: str) -> bool:
    """Return True for a spam label, False for ham; raise ValueError otherwise."""
    label = (value or "").strip().casefold()
    if label in _SPAM_LABELS:
        return True
    if label in _HAM_LABELS:
        return False
    raise ValueError(f"label must be spam/ham or 1/0, not {value!r}")


def _need(path: Path) -> Path:
    """Return path, or raise MissingData naming the folder the rows should be in."""
    if not path.exists():
        raise MissingData(f"training data not found: {path} (the rows live in the "
                          "repository's data/spam/, not in an installed package)")
    return path


def youtube(video: str, data_dir: Path = DATA_DIR) -> list[Example]:
    """Return the comments of one video, CONTENT and CLASS only (DATE leaks the label)."""
    with open(_need(data_dir / f"{video}.csv"), encoding="utf-8", newline="") as fh:
        return [Example(row["CONTENT"], row["CLASS"] == "1", video) for row in csv.DictReader(fh)]


def sms(data_dir: Path = DATA_DIR) -> list[Example]:
    """Return the SMS Spam Collection messages."""
    out = []
    with open(_need(data_dir / SMS), encoding="utf-8") as fh:
        for line in fh:
            label, _, text = line.rstrip("\n").partition("\t")
            if text:
                out.append(Example(text, parse_label(label), SMS))
    return out


def _gzipped(folder: Path, source: str, spam: bool) -> list[Example]:
    """Return the rows of one source's gzip parts (columns text, lang), in part order."""
    parts = sorted(_need(folder).glob(f"{source}.[0-9][0-9].csv.gz"))
    if not parts:
        _need(folder / f"{source}.01.csv.gz")
    out = []
    for part in parts:
        with gzip.open(part, "rb") as fh:
            reader = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline=""))
            out.extend(Example(row["text"], spam, source, row["lang"]) for row in reader)
    return out


def source(name: str, data_dir: Path = DATA_DIR) -> list[Example]:
    """Return the examples of one named source."""
    if name in VIDEOS:
        return youtube(name, data_dir)
    if name == SMS:
        return sms(data_dir)
    if name in CONVERSATION:
        return _gzipped(data_dir / "conversation-ham", name, spam=False)
    if name in WEB_SPAM:
        return _gzipped(data_dir / "stackexchange-spam", name, spam=True)
    raise ValueError(f"unknown source: {name}")


def shipped(exclude: Iterable[str] = (), with_sms: bool = True, with_extra: bool = True,
            data_dir: Path = DATA_DIR) -> list[Example]:
    """Return the training data in a fixed order, leaving out the named sources."""
    skip = set(exclude)
    unknown = skip - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources: {', '.join(sorted(unknown))}")
    names = [*VIDEOS, *([SMS] if with_sms else []),
             *((*CONVERSATION, *WEB_SPAM) if with_extra else ())]
    out: list[Example] = []
    for name in names:
        if name not in skip:
            out.extend(source(name, data_dir))
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
