"""Write the query plans of the hot paths: `python -m bench.plans [--database-url URL]`.

The statements are captured while the real endpoints answer (listing pages, counts, a
submission), then explained on the same database: EXPLAIN QUERY PLAN on SQLite,
EXPLAIN on PostgreSQL. The plans are written as a page of the docs site,
docs/benchmarks/plans-sqlite.md or plans-postgresql.md, which the benchmarks page links.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import sqlalchemy as sa

from bench.servers import ROOT

SKIP = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE", "SELECT 1")
PAGES = ROOT / "docs" / "benchmarks"
TITLES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def seed_command(env: dict, comments: int, threads: int, big: int) -> None:
    """Run `margin seed` from this checkout with the given environment."""
    subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "seed",
                    "--comments", str(comments), "--threads", str(threads),
                    "--big-thread", str(big)], cwd=ROOT, env=env, check=True)


def deep_cursor(app, key: str, fraction: float = 0.9) -> str:
    """Return a cursor deep into a thread: after the top-level comment at `fraction`."""
    from service import comments
    from service.extensions import db
    from service.models import Comment, Thread

    with app.app_context():
        thread_id = db.session.execute(sa.select(Thread.id).where(Thread.key == key)).scalar()
        roots = db.session.execute(
            sa.select(sa.func.count()).where(Comment.thread_id == thread_id,
                                             Comment.root_id.is_(None))).scalar()
        after = db.session.execute(
            sa.select(Comment.id).where(Comment.thread_id == thread_id,
                                        Comment.root_id.is_(None))
            .order_by(Comment.id).offset(int(roots * fraction)).limit(1)).scalar()
        db.session.remove()
    return comments.encode_cursor(after)


def requests_for(big: str, small: str, cursor: str, count_keys: list[str]) -> list[tuple]:
    """Return the requests whose statements are explained: (label, method, path, body)."""
    def listing(key, **extra):
        return "/api/v1/comments?" + urllib.parse.urlencode({"thread": key, "limit": 10,
                                                             **extra})

    return [
        ("first page of the big thread", "GET", listing(big), None),
        ("deep page of the big thread (cursor)", "GET", listing(big, cursor=cursor), None),
        ("first page of a small thread", "GET", listing(small), None),
        ("counts for 50 threads", "GET",
         "/api/v1/counts?" + urllib.parse.urlencode([("thread", k) for k in count_keys]),
         None),
        ("submission", "POST", "/api/v1/comments",
         {"thread": small, "author": "Plan", "email": "plan@example.org",
          "body": "A comment to show the insert's plan."}),
    ]


def collect(app, requests: list[tuple]) -> list[dict]:
    """Run each request through the app, capturing its SQL, and explain every statement."""
    from service.extensions import db

    captured: list[tuple] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(SKIP):
            captured.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", capture)
    results = []
    client = app.test_client()
    try:
        for label, method, path, body in requests:
            captured.clear()
            response = client.open(path, method=method, json=body,
                                   environ_base={"REMOTE_ADDR": "192.0.2.99"})
            if response.status_code >= 400:
                raise RuntimeError(f"{label}: {response.status_code} {response.data[:200]!r}")
            statements = list(captured)
            results.append({"label": label, "status": response.status_code,
                            "statements": [explain(engine, s, p) for s, p in statements]})
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    return results


def explain(engine: sa.Engine, statement: str, parameters) -> dict:
    """Return a statement and its plan on this engine's database."""
    sqlite = engine.dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(prefix + statement, parameters)
        rows = cursor.fetchall()
        cursor.close()
        raw.rollback()
    finally:
        raw.close()
    plan = [f"{'  ' * _depth(r, rows)}{r[3]}" for r in rows] if sqlite else [r[0] for r in rows]
    return {"sql": " ".join(statement.split()), "plan": plan}


def _depth(row, rows) -> int:
    # EXPLAIN QUERY PLAN rows are (id, parent, notused, detail); indent by ancestry.
    parents = {r[0]: r[1] for r in rows}
    depth, node = 0, row[1]
    while node:
        depth, node = depth + 1, parents.get(node, 0)
    return depth


def markdown(results: list[dict], backend: str, about: dict | None = None) -> str:
    """Render captured plans as a Markdown page."""
    out = [f"# Query plans: {TITLES.get(backend, backend)}", ""]
    if about:
        out += [f"Written by `{about['command']}` on a database of {about['comments']:,} "
                f"comments over {about['threads']:,} threads (the big thread "
                f"`{about['big']}` holds {about['big_comments']:,}), after `ANALYZE`, with "
                f"every migration applied (head `{about['head']}`); {about['server']}. "
                "Each request below is sent through the app with fast reads and the listing "
                "cache off, so every statement passes through SQLAlchemy, where it is "
                "captured; the fast reads run the same compiled statements.", "",
                "How to read them is on the [benchmarks page](../benchmarks.md#query-plans).",
                ""]
    for item in results:
        out += [f"## {item['label'].capitalize()}", "", "```"]
        for statement in item["statements"]:
            out.append(statement["sql"])
            out += [f"    {line}" for line in statement["plan"]]
        out += ["```", ""]
    return "\n".join(out)


def describe(app, backend: str, args) -> dict:
    """Return what a plans page says about how it was made."""
    from service.extensions import db

    with app.app_context():
        head = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        if backend == "sqlite":
            server = "SQLite " + db.session.execute(sa.text("SELECT sqlite_version()")).scalar()
        else:
            server = db.session.execute(sa.text("SHOW server_version")).scalar()
            server = "PostgreSQL " + server.split()[0]
        db.session.remove()
    command = "python -m bench.plans" + (
        " --database-url postgresql+psycopg://…" if backend == "postgresql" else "")
    return {"command": command, "comments": args.comments, "threads": args.threads,
            "big": "/seed/0", "big_comments": args.big_thread, "head": head,
            "server": server}


def main(argv: list[str] | None = None) -> None:
    """Seed a large database, then print the plans of the hot paths."""
    parser = argparse.ArgumentParser(prog="python -m bench.plans", description=__doc__)
    parser.add_argument("--database-url", help="PostgreSQL server (a database is created "
                        "and dropped); default: a SQLite file")
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--big-thread", type=int, default=100_000)
    parser.add_argument("--json", type=Path, help="also write the plans here as JSON")
    parser.add_argument("--out", type=Path, help="the Markdown page to write (default: "
                        "docs/benchmarks/plans-BACKEND.md)")
    args = parser.parse_args(argv)
    from bench.harness import Database, margin_env

    backend = "postgresql" if args.database_url else "sqlite"
    with tempfile.TemporaryDirectory(prefix="margin-plans-") as tmp, \
            Database(args.database_url, Path(tmp)) as database:
        import os

        env = {**os.environ, **margin_env(Path(tmp), database.url)}
        seed_command(env, args.comments, args.threads, args.big_thread)
        from service import create_app

        # Every statement through SQLAlchemy, where it is captured: the fast reads run the
        # same compiled statements on a raw DBAPI connection (service/fastpath.py).
        app = create_app({"DATABASE_URL": database.url, "SECRET_KEY": "plans",
                          "LISTING_CACHE_ENTRIES": 0, "FAST_READS": False,
                          "LOG_LEVEL": "WARNING"}, instance_path=tmp)
        cursor = deep_cursor(app, "/seed/0")
        results = collect(app, requests_for("/seed/0", "/seed/1", cursor,
                                            [f"/seed/{n}" for n in range(1, 51)]))
        about = describe(app, backend, args)
        with app.app_context():
            from service.extensions import db

            db.session.remove()
            db.engine.dispose()
    if args.json:
        args.json.write_text(json.dumps({"backend": backend, "plans": results}, indent=2))
    out = args.out or PAGES / f"plans-{backend}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(results, backend, about), encoding="utf-8")
    print(f"Wrote the plans of {len(results)} requests to {out}")


if __name__ == "__main__":
    main()
