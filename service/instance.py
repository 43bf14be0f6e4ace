"""The instance folder: runtime data that belongs to one installation."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

SECRET_FILE = "secret_key"


def prepare(app: Flask) -> None:
    """Create the instance folder and make sure a secret key is configured."""
    # Private when Margin makes it: it holds the secret key and, by default, the database.
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _load_or_create_secret(Path(app.instance_path) / SECRET_FILE)


def _load_or_create_secret(path: Path) -> str:
    """Read the generated secret, writing a fresh random one on first start."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    # Written to a private temporary file and linked into place, so processes starting
    # together agree on one secret and none ever reads a half-written file.
    tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_urlsafe(48) + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()
