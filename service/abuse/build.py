"""Build the shipped abuse model: `python -m service.abuse.build` writes its model.bin.

It reads the labelled rows in data/abuse/ (a checkout of the repository, not an installed
package); the same rows give the same bytes on every machine.
"""

from __future__ import annotations

import sys

from ..spam.build import write_model
from . import datasets
from .model import SHIPPED
from .train import Settings, prepare, train


def build(exclude: tuple[str, ...] = (), settings: Settings | None = None) -> bytes:
    """Return the model bytes trained on every source but the excluded ones."""
    settings = settings or Settings()
    return train(prepare(datasets.training(exclude), settings), settings).dumps()


def main(argv: list[str] | None = None) -> int:
    """Write the shipped model file and print its size and SHA-256."""
    return write_model(argv, __doc__, SHIPPED, build, datasets.MissingData)


if __name__ == "__main__":
    sys.exit(main())
