"""Run the app under gunicorn from inside the `margin serve` command."""

from __future__ import annotations

import gc

from flask import Flask
from gunicorn.app.base import BaseApplication

from . import create_app, spam
from .extensions import db


class Server(BaseApplication):
    """A gunicorn application built once in the master and shared by its forked workers."""

    def __init__(self, app_factory, options: dict):
        self.app_factory = app_factory
        self.options = {**options, "preload_app": True}
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return prepared_for_fork(self.app_factory())


def prepared_for_fork(app: Flask) -> Flask:
    """Load what every worker needs once, let go of what none may share, freeze the rest."""
    # Workers forked from this process share its memory until they write to it: the
    # imports, the app and the spam model (loaded here rather than on each worker's first
    # submission) then cost one copy instead of one per worker.
    with app.app_context():
        with spam.live_model().use():
            pass
        # Each worker opens its own connections; a socket shared over fork is corrupted
        # by the first two processes that use it at once.
        db.engine.dispose()
    # The collector would otherwise visit (and so copy into every worker) every object
    # made here; frozen, they are left alone.
    gc.collect()
    gc.freeze()
    return app


def preloaded_app() -> Flask:
    """Return the app as `margin serve` gives it to gunicorn (for `gunicorn --preload`)."""
    return prepared_for_fork(create_app())
