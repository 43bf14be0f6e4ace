"""Bulk-load large, consistent data sets for scale tests: `margin seed`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

import click
import sqlalchemy as sa

from . import database, rendering
from .extensions import db
from .models import Comment, CommentStatus, Thread, utcnow
from .schema import needs_database
from .spam.text import fingerprint

# Each thread is built from groups of five: a top-level comment and four replies, two
# of them nested deeper, so every page of ten top-level comments holds fifty comments.
GROUP = 5
# (parent position within the group, depth); position 0 is the top-level comment.
_SHAPE = [(None, 0), (0, 1), (0, 1), (1, 2), (3, 3)]
# Every this-many groups, the deepest reply is spam: hidden, uncounted, as in real data.
SPAM_EVERY = 50
# Distinct texts rendered once each; rendering every row would take most of the run.
TEXT_POOL = 1000
_WORDS = ("harbour", "bridge", "council", "budget", "tide", "ferry", "report", "vote",
          "cost", "delay", "river", "engineers", "residents", "evidence", "timing", "quay",
          "traffic", "survey")


@dataclass(frozen=True)
class Plan:
    """How many comments go to each new thread, the first one being the big thread."""

    sizes: list[int]

    @classmethod
    def make(cls, comments: int, threads: int, big_thread: int) -> Plan:
        """Spread comments over threads: one big thread, the rest shared evenly."""
        if threads < 1 or comments < threads * GROUP:
            raise click.UsageError(f"Give at least {GROUP} comments per thread.")
        big = max(GROUP, big_thread // GROUP * GROUP) if threads > 1 else (
            comments // GROUP * GROUP)
        rest_groups = (comments - big) // GROUP
        if threads > 1 and rest_groups < threads - 1:
            raise click.UsageError("Not enough comments left for the other threads.")
        share, extra = divmod(rest_groups, threads - 1) if threads > 1 else (0, 0)
        sizes = [big] + [(share + (i < extra)) * GROUP for i in range(threads - 1)]
        return cls(sizes)


def _texts(rng: random.Random) -> list[tuple[str, str, str]]:
    texts = []
    for n in range(TEXT_POOL):
        words = " ".join(rng.choice(_WORDS) for _ in range(44))
        body = f"Comment {n}: {words}. The *report* is worth reading in full."
        texts.append((body, rendering.render(body), fingerprint(body)))
    return texts


def seed_database(comments: int, threads: int, big_thread: int, prefix: str,
                  batch: int = 5000, seed: int = 8, progress=None) -> dict:
    """Insert threads and comments in bulk, in one transaction; return what was made."""
    plan = Plan.make(comments, threads, big_thread)
    rng = random.Random(seed)
    texts = _texts(rng)
    database.begin_write()
    session = db.session
    taken = session.execute(
        sa.select(sa.func.count()).select_from(Thread).where(Thread.key.startswith(prefix))
    ).scalar_one()
    if taken:
        raise click.UsageError(f"Threads under {prefix!r} exist already; pick --prefix.")
    next_thread = (session.execute(sa.select(sa.func.max(Thread.id))).scalar() or 0) + 1
    next_comment = (session.execute(sa.select(sa.func.max(Comment.id))).scalar() or 0) + 1

    now = utcnow()
    thread_ids = list(range(next_thread, next_thread + len(plan.sizes)))
    groups = [t for t, size in enumerate(plan.sizes) for _ in range(size // GROUP)]
    spam_groups = {t: 0 for t in range(len(plan.sizes))}
    # Threads interleave in id order, as articles do in a live database.
    rng.shuffle(groups)
    approved = [0] * len(plan.sizes)
    rows: list[dict] = []
    start = now - timedelta(days=365)
    step = timedelta(days=365) / max(1, len(groups) * GROUP)
    comment_id = next_comment

    thread_rows = [
        {"id": thread_ids[t], "key": f"{prefix}{t}", "title": f"Seeded article {t}",
         "url": None, "closed": False, "comment_count": 0, "version": 0,
         "created_at": start}
        for t in range(len(plan.sizes))
    ]
    session.execute(sa.insert(Thread.__table__), thread_rows)

    for t in groups:
        spam_groups[t] += 1
        ids = list(range(comment_id, comment_id + GROUP))
        for pos, (parent_pos, depth) in enumerate(_SHAPE):
            body, html, fp = texts[rng.randrange(TEXT_POOL)]
            is_spam = pos == GROUP - 1 and spam_groups[t] % SPAM_EVERY == 0
            status = CommentStatus.SPAM if is_spam else CommentStatus.APPROVED
            approved[t] += not is_spam
            rows.append({
                "id": ids[pos], "thread_id": thread_ids[t],
                "parent_id": None if parent_pos is None else ids[parent_pos],
                "root_id": None if pos == 0 else ids[0], "depth": depth,
                "author": f"Reader {rng.randrange(100_000)}",
                "email": f"reader{rng.randrange(100_000)}@example.org",
                "website": None, "body": body, "html": html, "status": status,
                "created_at": start + step * (comment_id - next_comment + pos),
                "edited_at": None, "ip": f"10.{rng.randrange(256)}.{rng.randrange(256)}.1",
                "user_agent": "margin-seed", "spam_score": 1.0 if is_spam else 0.0,
                "spam_reasons": [], "abuse_score": 0.0, "abuse_reasons": [],
                "abuse_hold": None, "fingerprint": fp,
            })
        comment_id += GROUP
        if len(rows) >= batch:
            session.execute(sa.insert(Comment.__table__), rows)
            if progress:
                progress(len(rows))
            rows = []
    if rows:
        session.execute(sa.insert(Comment.__table__), rows)
        if progress:
            progress(len(rows))

    # Counts and versions as the domain would have left them: one bump per approval.
    session.execute(
        sa.update(Thread.__table__)
        .where(Thread.__table__.c.id == sa.bindparam("tid"))
        .values(comment_count=sa.bindparam("n"), version=sa.bindparam("n")),
        [{"tid": thread_ids[t], "n": approved[t]} for t in range(len(plan.sizes))],
    )
    if db.engine.dialect.name == "postgresql":
        # Explicit ids leave the sequences behind; move them past the new rows.
        for table in ("threads", "comments"):
            session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            ))
    session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE threads"))
            conn.execute(sa.text("ANALYZE comments"))
    else:
        with db.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    return {"threads": len(plan.sizes), "comments": sum(plan.sizes),
            "big_thread": f"{prefix}0", "first_thread_id": next_thread}


@click.command("seed")
@click.option("--comments", default=1_000_000, show_default=True, type=click.IntRange(5))
@click.option("--threads", default=10_000, show_default=True, type=click.IntRange(1))
@click.option("--big-thread", default=100_000, show_default=True, type=click.IntRange(5),
              help="Comments in the first thread; the rest are shared evenly.")
@click.option("--prefix", default="/seed/", show_default=True,
              help="Thread keys are PREFIX0 (the big one), PREFIX1, ...")
@click.option("--batch", default=5000, show_default=True, type=click.IntRange(100))
@needs_database
def seed(comments: int, threads: int, big_thread: int, prefix: str, batch: int) -> None:
    """Bulk-insert a large, consistent data set (approved threads) for scale tests."""
    with click.progressbar(length=comments, label="Seeding comments") as bar:
        made = seed_database(comments, threads, big_thread, prefix, batch, progress=bar.update)
    click.echo(f"Seeded {made['comments']} comments over {made['threads']} threads; "
               f"the big thread is {made['big_thread']}.")
