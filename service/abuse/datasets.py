"""Read the labelled toxicity rows the shipped abuse model is built from (data/abuse/)."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

# The model and its attribution ship in the package; the rows stay in the repository.
MODEL_DIR = Path(__file__).resolve().parent / "data"
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "abuse"
# One source per set and language, in the order the model is trained on them.
SOURCES = ("wikipedia_talk", "civil_comments_toxicspans", "davidson", "mlma-en", "mlma-fr")


@dataclass(frozen=True)
class Example:
    """One labelled text and where it came from."""

    text: str
    abuse: bool
    source: str
    lang: str = "en"


class MissingData(FileNotFoundError):
    """The training rows are not where a checkout keeps them."""


def source(name: str, data_dir: Path = DATA_DIR) -> list[Example]:
    """Return the rows of one source, from its gzip parts in order."""
    if name not in SOURCES:
        raise ValueError(f"unknown source: {name}")
    parts = sorted(data_dir.glob(f"{name}.[0-9][0-9].csv.gz"))
    if not parts:
        raise MissingData(f"training data not found: {data_dir / name}.01.csv.gz (the rows "
                          "live in the repository's data/abuse/, not in an installed package)")
    out = []
    for part in parts:
        with gzip.open(part, "rb") as fh:
            reader = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline=""))
            out.extend(Example(r["text"], r["toxic"] == "1", name, r["lang"]) for r in reader)
    return out


def training(exclude: tuple[str, ...] = (), data_dir: Path = DATA_DIR) -> list[Example]:
    """Return every source's rows in a fixed order, leaving out the named sources."""
    unknown = set(exclude) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown source: {', '.join(sorted(unknown))}")
    return [e for name in SOURCES if name not in exclude for e in source(name, data_dir)]
