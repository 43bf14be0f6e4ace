"""Build the shipped model: `python -m service.spam.build` writes service/spam/data/model.bin."""

import argparse
import hashlib
import sys
from pathlib import Path

from . import datasets
from .train import Settings, prepare, train

SHIPPED_MODEL = datasets.DATA_DIR / "model.bin"


def build(examples=None, settings: Settings | None = None) -> bytes:
    """Return the model bytes trained on examples (default: all shipped data)."""
    settings = settings or Settings()
    docs = prepare(datasets.shipped() if examples is None else examples, settings)
    return train(docs, settings).dumps()


def main(argv: list[str] | None = None) -> int:
    """Write the shipped model file and print its size and SHA-256."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=SHIPPED_MODEL)
    args = parser.parse_args(argv)
    blob = build()
    args.output.write_bytes(blob)
    print(f"{args.output}: {len(blob):,} bytes, sha256 {hashlib.sha256(blob).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
