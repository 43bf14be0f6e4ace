"""Run the app under gunicorn from inside the `margin serve` command."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class Server(BaseApplication):
    """A gunicorn application whose workers each build their own app."""

    def __init__(self, app_factory, options: dict):
        self.app_factory = app_factory
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.app_factory()
