"""The benchmark harness's smoke mode: it runs end to end and writes a complete result."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI, PG_URL

ROOT = Path(__file__).resolve().parent.parent
ENDPOINTS = {
    "bare Flask hello": "bare",
    "thread read (50 comments)": "margin",
    "thread read, If-None-Match (304)": "margin",
    "counts (50 threads)": "margin",
    "submit comment (POST)": "margin",
    "plain Flask-SQLAlchemy: list 50 rows": "plain",
    "plain Flask-SQLAlchemy: insert (POST)": "plain",
}


@pytest.fixture(scope="module")
def wrk():
    if shutil.which("wrk") is None:
        if IN_CI:
            pytest.fail("wrk is missing; .ci/run installs it (apt-get install wrk)")
        pytest.skip("wrk is not installed")


@pytest.mark.multiprocess
@pytest.mark.bench
@pytest.mark.parametrize(("database", "preload"), [
    ("sqlite", True), ("sqlite", False), *([("postgresql", True)] if PG_URL else [])])
def test_smoke_run_writes_complete_results(wrk, tmp_path, database, preload):
    command = [sys.executable, "-m", "bench.run", "--smoke", "--out", str(tmp_path)]
    if database == "postgresql":
        command += ["--database-url", PG_URL]
    if not preload:
        command += ["--no-preload"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]

    files = list(tmp_path.glob("smoke-*.json"))
    assert len(files) == 1 and files[0].with_suffix(".md").is_file()
    result = json.loads(files[0].read_text())
    assert result["mode"] == "smoke"
    assert result["machine"]["database"] == database
    assert result["seeded"]["read_thread_count"] == 50
    assert {name: row["app"] for name, row in result["endpoints"].items()} == ENDPOINTS
    for row in result["endpoints"].values():
        assert row["requests"] > 0 and row["rps"] > 0 and row["errors"] == 0
        assert 0 < row["p50_ms"] <= row["p99_ms"]
        assert row["ratio"] > 0 and len(row["rounds"]) == 1
    assert result["endpoints"]["bare Flask hello"]["ratio"] == 1
    assert result["settings"]["preload"] is preload
    for measure in ("rss_mib", "uss_mib", "pss_mib"):
        assert all(result[measure][app] > 0 for app in ("bare", "margin", "plain"))
    assert result["rss_mib"]["plain_ratio"] == round(
        result["rss_mib"]["plain"] / result["rss_mib"]["bare"], 2)
    for name in ENDPOINTS:
        assert name in done.stdout
    # The latency comparison at one offered rate: the thread read and the submission.
    paced = result["paced"]
    assert paced["rate"] > 0
    assert list(paced["endpoints"]) == ["thread read (50 comments)", "submit comment (POST)"]
    for row in paced["endpoints"].values():
        assert row["rps"] > 0 and row["errors"] == 0 and 0 < row["p50_ms"] <= row["p99_ms"]
    assert "Open loop at one rate" in done.stdout


@pytest.mark.bench
@pytest.mark.parametrize("endpoint", ["submit", "read", "304", "counts", "bare"])
def test_in_process_cost_runs_every_request_to_its_expected_status(endpoint):
    # bench.inprocess raises if any answer's status is not the expected one (201, 200, 304).
    done = subprocess.run([sys.executable, "-m", "bench.inprocess", "--endpoint", endpoint,
                           "--requests", "20"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    name, _, rest = done.stdout.strip().partition(": ")
    assert name == endpoint
    assert float(rest.split()[0]) > 0 and rest.endswith("per request (20 requests)")


@pytest.mark.bench
@pytest.mark.skipif(not PG_URL, reason="needs MARGIN_TEST_DATABASE_URL (PostgreSQL)")
def test_in_process_cost_runs_on_postgresql_in_a_database_of_its_own():
    import sqlalchemy as sa

    def databases() -> set[str]:
        engine = sa.create_engine(PG_URL)
        try:
            with engine.connect() as conn:
                # Only the benchmark's own: other test runs create and drop theirs meanwhile.
                return set(conn.scalars(sa.text(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'margin_bench_%'")))
        finally:
            engine.dispose()

    before = databases()
    done = subprocess.run([sys.executable, "-m", "bench.inprocess", "--endpoint", "304",
                           "--requests", "20", "--database-url", PG_URL], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("304: ")
    assert databases() == before  # made for the run, dropped after it


@pytest.mark.bench
def test_reference_app_lists_its_thread_and_stores_what_is_posted(tmp_path):
    from bench import plain

    url = f"sqlite:///{tmp_path / 'plain.sqlite3'}"
    plain.prepare(url, "A seeded body.")
    app = plain.create_app(url)
    client = app.test_client()

    listed = client.get(plain.LIST_PATH)
    assert listed.status_code == 200 and len(listed.json) == plain.ROWS
    posted = client.post(plain.INSERT_PATH, json={
        "thread": "/bench/post", "author": "A", "email": "a@example.org", "body": "Hello."})
    assert posted.status_code == 201 and posted.json["body"] == "Hello."
    refused = client.post(plain.INSERT_PATH, json={"thread": "/bench/post"})
    assert refused.status_code == 400
    with app.app_context():
        stored = plain.db.session.scalars(plain.db.select(plain.PlainComment.body).where(
            plain.PlainComment.thread == "/bench/post")).all()
        plain.db.engine.dispose()
    assert stored == ["Hello."]
