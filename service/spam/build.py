"""Build the shipped model: `python -m service.spam.build` writes service/spam/data/model.bin.

It reads the training rows in data/spam/ (a checkout of the repository, not an installed
package); the same rows give the same bytes on every machine.
"""

import argparse
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

from . import datasets
from .train import Settings, prepare, train

SHIPPED_MODEL = datasets.MODEL_DIR / "model.bin"


def build(examples=None, settings: Settings | None = None) -> bytes:
    """Return the model bytes trained on examples (default: all shipped data)."""
    settings = settings or Settings()
    docs = prepare(datasets.shipped() if examples is None else examples, settings)
    return train(docs, settings).dumps()


def write_model(argv: list[str] | None, description: str, default_output: Path,
                make: Callable[[], bytes], missing: type[Exception]) -> int:
    """Write a model file made by `make`, print its size and SHA-256; 1 when data is missing."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--output", type=Path, default=default_output)
    args = parser.parse_args(argv)
    try:
        blob = make()
    except missing as exc:
        print(exc, file=sys.stderr)
        return 1
    args.output.write_bytes(blob)
    print(f"{args.output}: {len(blob):,} bytes, sha256 {hashlib.sha256(blob).hexdigest()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Write the shipped model file and print its size and SHA-256."""
    return write_model(argv, __doc__, SHIPPED_MODEL, build, datasets.MissingData)


if __name__ == "__main__":
    sys.exit(main())
