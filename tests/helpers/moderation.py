"""Helpers for the moderation tests: tokens and authorised requests."""

from __future__ import annotations

from service import database
from service.models import Role
from service.moderation import tokens


def make_token(app, role: Role = Role.MODERATOR, name: str | None = None) -> str:
    """Create a token through the domain and return its plaintext."""
    with app.app_context():
        database.begin_write()
        _, plaintext = tokens.create(name or f"{role.value}-{tokens.secrets.token_hex(4)}",
                                     role)
    return plaintext


def bearer(token: str) -> dict:
    """Return the Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


class Mod:
    """Speak to the moderation API with a token."""

    def __init__(self, client, token: str):
        self.client = client
        self.headers = bearer(token)

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1/moderation{path}", headers=self.headers,
                               query_string=params)

    def post(self, path: str, json=None):
        return self.client.post(f"/api/v1/moderation{path}", headers=self.headers,
                                json=json if json is not None else {})

    def patch(self, path: str, json):
        return self.client.patch(f"/api/v1/moderation{path}", headers=self.headers, json=json)

    def put(self, path: str, json):
        return self.client.put(f"/api/v1/moderation{path}", headers=self.headers, json=json)

    def delete(self, path: str):
        return self.client.delete(f"/api/v1/moderation{path}", headers=self.headers)
