"""`margin spam eval` and `margin spam train`."""

import csv
import json

import pytest

from service import spam
from service.extensions import db
from service.models.spam import SpamFeedback, SpamModel
from tests.helpers.spam import SPAM_DEFAULTS, decide, score

ROWS = [
    ("Check out my channel and subscribe, I subscribe back!", "spam"),
    ("I love this song so much", "ham"),
    ("Make money at home, visit www.cash-fast.example now", "1"),
    ("The council should have published the documents before the vote.", "0"),
    ("Subscribe to my channel for free gift cards!!!", "spam"),
    ("This is the best video, it never gets old", "ham"),
]
KEYS = {"n", "spam", "ham", "ham_flagged_rate", "ham_held_rate", "spam_published_rate",
        "held_rate", "precision", "recall", "f1", "auc"}


@pytest.fixture
def sapp(make_app):
    return make_app(SPAM_DEFAULTS)


@pytest.fixture
def small_data(monkeypatch):
    """Train on the YouTube comments only: these tests are about decisions, not the data."""
    from service.spam import datasets

    videos = datasets.shipped(with_sms=False, with_extra=False)
    monkeypatch.setattr(datasets, "shipped", lambda *a, **k: list(videos))


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "labelled.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label"])
        writer.writerows(ROWS)
    return path


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["spam", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("replay", [False, True])
def test_eval_reports_json_on_its_last_line(sapp, labelled, replay):
    output = run(sapp, "eval", str(labelled), *(["--replay"] if replay else []))
    report = json.loads(output.strip().splitlines()[-1])
    assert set(report) >= KEYS
    assert (report["n"], report["spam"], report["ham"]) == (6, 3, 3)
    assert 0.0 <= report["held_rate"] <= 1.0 and 0.0 <= report["auc"] <= 1.0
    assert ("first_half" in report and "second_half" in report) is replay


def test_eval_replay_never_changes_the_live_model(sapp, labelled):
    text = "Subscribe to my channel for free gift cards"
    before = score(sapp, text).value
    run(sapp, "eval", "--replay", str(labelled))
    assert score(sapp, text).value == before
    with sapp.app_context():
        assert db.session.execute(db.select(SpamFeedback)).first() is None


def test_eval_replay_learns_as_it_goes(sapp, tmp_path):
    # The same unusual spam ten times: once learned, the rest score higher than the first.
    path = tmp_path / "stream.csv"
    path.write_text("text,label\n" + "\n".join(
        f"orange kettle {n} discount code zx9,spam" for n in range(10)) + "\n")
    plain = json.loads(run(sapp, "eval", str(path)).strip().splitlines()[-1])
    replay = json.loads(run(sapp, "eval", "--replay", str(path)).strip().splitlines()[-1])
    assert replay["second_half"]["spam_published_rate"] <= plain["spam_published_rate"]
    # Learned, the text waits for a moderator; the classifier alone never hides it.
    assert replay["spam_published_rate"] < plain["spam_published_rate"]
    assert replay["spam_held_rate"] > plain["spam_held_rate"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("words,label\nhi,spam\n", "columns 'text' and 'label'"),
     ("text,label\nhi,maybe\n", "line 2: label must be spam/ham or 1/0")],
)
def test_eval_rejects_bad_files(sapp, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    result = sapp.test_cli_runner().invoke(args=["spam", "eval", str(path)])
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.slow
def test_train_learns_decisions_and_every_app_switches(make_app, tmp_path, small_data):
    first, second = make_app(SPAM_DEFAULTS), make_app(SPAM_DEFAULTS)
    posted = first.test_client().post("/api/v1/comments", json={
        "thread": "/t", "author": "Bot", "email": "bot@example.net",
        "body": "Orange kettle discount code zx9 for all readers"})
    decide(first, posted.json["id"], "spam")
    output = run(first, "train", "--output", str(tmp_path / "m.bin"))
    summary = output.strip().splitlines()[-1]
    assert summary.startswith("Learned from ")
    assert "1 moderator decision (1 spam, 0 ham)" in summary
    assert "stored as model #1" in summary
    with first.app_context():
        row = db.session.execute(db.select(SpamModel)).scalar_one()
        assert row.blob == (tmp_path / "m.bin").read_bytes()
        assert row.feedback_upto == 1
    with second.app_context():
        score(second, "hello")  # any score syncs
        assert spam.live_model().snapshot().dumps() == row.blob


@pytest.mark.slow
def test_train_without_storing_leaves_the_live_model(sapp, tmp_path, small_data):
    output = run(sapp, "train", "--no-store", "--output", str(tmp_path / "m.bin"))
    assert "not stored" in output
    with sapp.app_context():
        assert db.session.execute(db.select(SpamModel)).first() is None


def fresh_app(folder):
    """Return an app on an instance folder whose database was never migrated."""
    from service import create_app

    return create_app({"TESTING": True, "DATABASE_URL": None, **SPAM_DEFAULTS},
                      instance_path=str(folder))


def test_eval_works_on_a_fresh_instance_folder(tmp_path, labelled):
    app = fresh_app(tmp_path / "fresh")
    try:
        result = app.test_cli_runner().invoke(args=["spam", "eval", str(labelled)])
        assert result.exit_code == 0, result.output
        assert result.exception is None
        assert json.loads(result.output.strip().splitlines()[-1])["n"] == len(ROWS)
        with app.app_context():
            tables = set(db.inspect(db.engine).get_table_names())
        assert {"spam_models", "spam_feedback", "comments"} <= tables
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_database_that_cannot_be_migrated_is_a_message_not_a_traceback(tmp_path, labelled):
    from service import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite:////nonexistent-dir/x.sqlite3",
                      **SPAM_DEFAULTS}, instance_path=str(tmp_path / "fresh"))
    result = app.test_cli_runner().invoke(args=["spam", "eval", str(labelled)])
    assert result.exit_code == 1
    assert "cannot bring the database up to date" in result.output
    assert "margin db upgrade" in result.output
    assert "Traceback" not in result.output


def test_loso_reports_each_source_left_out(sapp, small_data):
    output = run(sapp, "loso", "--source", "Youtube05-Shakira", "--source", "Youtube01-Psy",
                 "--max-rows", "60")
    report = json.loads(output.strip().splitlines()[-1])
    assert set(report["sources"]) == {"Youtube05-Shakira", "Youtube01-Psy"}
    shakira = report["sources"]["Youtube05-Shakira"]
    assert shakira["n"] == 60 and shakira["spam"] + shakira["ham"] == 60
    assert 0.0 <= shakira["ham_held"] <= 1.0 and 0.0 <= shakira["auc"] <= 1.0
    assert report["overall"]["n"] == 120
    assert report["thresholds"] == {"low": 0.3, "high": 0.85}
    assert set(report["by_length"]) == {"0-199", "200-799", "800+"}
    assert "Youtube05-Shakira | 60 |" in output


def test_loso_rejects_an_unknown_source(sapp):
    result = sapp.test_cli_runner().invoke(args=["spam", "loso", "--source", "nowhere"])
    assert result.exit_code == 2
    assert "Invalid value for '--source'" in result.output
