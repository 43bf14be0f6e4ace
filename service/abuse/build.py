"""Build the shipped abuse model: `python -m service.abuse.build` writes its model.bin.

It reads the labelled rows in data/abuse/ (a checkout of the repository, not an installed
package); the same rows give the same bytes on every machine.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from . import datasets
from .model import SHIPPED
from .train import Settings, prepare, train


def build(exclude: tuple[str, ...] = (), settings: Settings | None = None) -> bytes:
    """Return the model bytes trained on every source but the excluded ones."""
    settings = settings or Settings()
    return train(prepare(datasets.training(exclude), settings), settings).dumps()


def main(argv: list[str] | None = None) -> int:
    """Write the shipped model file and print its size and SHA-256."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=SHIPPED)
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
