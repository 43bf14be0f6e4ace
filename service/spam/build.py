"""Build the shipped model: `python -m service.spam.build` writes service/spam/data/model.bin.

It reads the training rows in data/spam/ (a checkout of the repository, not an installed
package); the same rows give the same bytes on every machine.
"""

import argparse
import hashlib
import sys
from pathlib import Path

from . import datasets
from .train import Settings, prepare, train

SHIPPED_MODEL = datasets.MODEL_DIR / "model.bin"


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
    try:
        blob = build()
    except datasets.MissingData as exc:
        print(exc, file=sys.stderr)
        return 1
    args.output.write_bytes(blob)
    print(f"{args.output}: {len(blob):,} bytes, sha256 {hashlib.sha256(blob).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
