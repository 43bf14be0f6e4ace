"""`margin serve` on a fresh machine: the worker beside it writes the mail as .eml files."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
import requests

from tests.helpers.serving import serving
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.multiprocess

CONFIRM = re.compile(r"http://127\.0\.0\.1:8000(/mail/confirm/[\w.\-]+)")


def emails(folder, kind: str):
    return sorted((folder / "mail").glob(f"*-{kind}.eml")) if (folder / "mail").is_dir() else []


def test_a_reader_confirms_and_hears_about_a_reply_through_eml_files(tmp_path):
    with serving(tmp_path, {"RATELIMIT_COMMENTS": "1000/minute",
                            "SPAM_MIN_ELAPSED_MS": "0"}) as server:
        base = server.base
        asked = requests.post(f"{base}/api/v1/comments", timeout=5, json={
            "thread": "/demo", "author": "Ann", "email": "ann@example.com",
            "body": "Tell me when someone answers.", "notify_replies": True, "lang": "fr",
            "url": "https://courier.example/demo", "title": "Le pont"})
        assert asked.status_code == 201, asked.text
        [confirmation] = wait_until(lambda: emails(tmp_path, "confirm"),
                                    "the worker writes the confirmation")
        message = message_from_bytes(confirmation.read_bytes(), policy=policy.default)
        assert message["To"] == "ann@example.com"
        path = CONFIRM.search(message.get_body(("plain",)).get_content())[1]
        assert requests.post(f"{base}{path}", timeout=5).status_code == 200

        replied = requests.post(f"{base}/api/v1/comments", timeout=5, json={
            "thread": "/demo", "author": "Bob", "email": "bob@example.net",
            "body": "Here is an answer.", "parent": asked.json()["id"]})
        assert replied.status_code == 201
        [notice] = wait_until(lambda: emails(tmp_path, "reply"), "the worker writes the reply")
        message = message_from_bytes(notice.read_bytes(), policy=policy.default)
        assert message["Subject"] == "Bob a répondu à votre commentaire sur « Le pont »"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert b"bob@example.net" not in notice.read_bytes()
    assert "mail to ann@example.com written to" in server.output()
