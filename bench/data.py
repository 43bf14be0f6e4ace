"""Seed Margin for a run through its own domain code, as readers would have."""

from __future__ import annotations

import random

from flask import Flask
from flask_migrate import upgrade

from service import comments, database, spam
from service.extensions import db
from service.submissions import ClientInfo, Submission

READ_THREAD = "/bench/read"
POST_THREAD = "/bench/post"
COUNT_THREADS = [f"/bench/count/{n}" for n in range(50)]
ROOTS = 10
VARIANTS = 50
SENTENCES = (
    "I think the council got the timing of the closure wrong.",
    "My commute over the bridge doubled last winter, so this matters to us.",
    "The engineers' survey should be published in full before any vote.",
    "Thanks for reporting this so carefully.",
    "I would like to know who pays for the repairs if the estimate is wrong again.",
    "The ferry is no real alternative for cyclists or anyone with a pram.",
    "We went to the consultation and nobody mentioned the weekend detour.",
    "Good article, but the budget figures from last year are missing.",
    "Residents on the quay have asked about the noise for months.",
    "Could you follow up on the inquiry minutes when they come out?",
    "The tender process looked rushed from the start, in my view.",
    "I remember when the last closure ran three months over schedule.",
    "Maintenance was put off for a decade, and now everyone is surprised.",
    "Does anyone know whether the buses will run more often during the works?",
    "It is a fair point that the river traffic needs the bridge raised too.",
    "My neighbour is an engineer and says steel work like this always takes longer.",
)


def _body(n: int, variant: int = 0) -> str:
    # Different text each time (the spam filter holds repeated texts as a flood), in
    # the plain words readers use, with a little Markdown for the renderer.
    rng = random.Random(n * 1000 + variant)
    picked = rng.sample(SENTENCES, len(SENTENCES))
    text = f"*Comment {n}.* " + picked.pop()
    while len(text) < 280:
        text += " " + picked.pop()
    return text


def _submit(key: str, n: int, parent: int | None = None) -> int:
    database.begin_write()
    client = ClientInfo(ip=f"192.0.2.{n % 250 + 1}", user_agent="margin-bench")
    # The thread must hold approved comments only: take the first wording the scorer
    # would publish (some random mixes of sentences land near its threshold).
    for variant in range(VARIANTS):
        sub = Submission(thread_key=key, author=f"Reader {n}", email=f"reader{n}@example.org",
                         website=None, body=_body(n, variant), parent_id=parent,
                         title="Bench article")
        if spam.verdict(spam.assess(sub, client)) is spam.Verdict.APPROVE:
            break
    return comments.submit(sub, client).id


def seed_small(app: Flask) -> dict:
    """Migrate, then post the read thread (50 comments) and 50 counted threads."""
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        n = 0
        for _ in range(ROOTS):
            root = _submit(READ_THREAD, n := n + 1)
            # Two replies to the top-level comment, then a chain two deeper.
            first = _submit(READ_THREAD, n := n + 1, root)
            _submit(READ_THREAD, n := n + 1, root)
            deeper = _submit(READ_THREAD, n := n + 1, first)
            _submit(READ_THREAD, n := n + 1, deeper)
        for i, key in enumerate(COUNT_THREADS):
            for _ in range(1 + i % 3):
                _submit(key, n := n + 1)
        state = comments.thread_state(READ_THREAD)
        if state.count != ROOTS * 5:
            raise RuntimeError(f"the read thread has {state.count} approved comments, not 50")
        db.session.remove()
        db.engine.dispose()
    return {"read_thread_count": state.count, "comments": n}
