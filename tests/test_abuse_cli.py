"""`margin abuse eval` and `margin abuse crosscheck`."""

import csv
import json

import pytest

from service import create_app

ROWS = [
    ("I will kill you", "abuse"),
    ("Thanks for the careful reporting on the bridge.", "ok"),
    ("Muslims are vermin", "1"),
    ("Je vais te tuer", "1"),
    ("Merci pour cet article très clair.", "0"),
    ("I love trans people", "ok"),
]


def write_csv(path, rows, header=("text", "label")):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def aapp(make_app):
    return make_app({"ABUSE_THRESHOLD": 0.5, "ABUSE_THRESHOLD_FR": 0.5})


def test_eval_reports_json_on_its_last_line(aapp, tmp_path):
    result = aapp.test_cli_runner().invoke(
        args=["abuse", "eval", str(write_csv(tmp_path / "l.csv", ROWS))])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["n"] == 6 and report["abuse"] == 3 and report["ok"] == 3
    assert report["abuse_held_rate"] == 1.0 and report["ok_held_rate"] == 0.0
    assert report["auc"] == 1.0 and report["french"] == 2


def test_eval_works_on_a_fresh_instance_folder(tmp_path):
    app = create_app({"ABUSE_THRESHOLD": 0.5}, instance_path=str(tmp_path / "fresh"))
    result = app.test_cli_runner().invoke(
        args=["abuse", "eval", str(write_csv(tmp_path / "l.csv", ROWS[:2]))])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["abuse_held_rate"] == 1.0 and "auc" in report


def test_eval_without_both_labels_has_no_auc(aapp, tmp_path):
    result = aapp.test_cli_runner().invoke(
        args=["abuse", "eval", str(write_csv(tmp_path / "l.csv", ROWS[:1]))])
    report = json.loads(result.output.strip().splitlines()[-1])
    assert "auc" not in report and report["ok_held_rate"] is None


@pytest.mark.parametrize(("rows", "header", "message"), [
    ([("x", "maybe")], ("text", "label"), "label must be abuse/ok or 1/0"),
    ([("x", "1")], ("body", "label"), "columns 'text' and 'label'"),
])
def test_eval_refuses_bad_files_without_a_traceback(aapp, tmp_path, rows, header, message):
    path = write_csv(tmp_path / "bad.csv", rows, header)
    result = aapp.test_cli_runner().invoke(args=["abuse", "eval", str(path)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_crosscheck_prints_sources_and_functionalities(aapp, tmp_path):
    (tmp_path / "toxicity").mkdir()
    (tmp_path / "hatecheck-fr").mkdir()
    header = ("text", "toxic", "fine", "source", "lang")
    for name in ("wikipedia_talk", "civil_comments_toxicspans", "davidson", "mlma",
                 "stackexchange_offensive"):
        write_csv(tmp_path / "toxicity" / f"{name}.csv",
                  [("I will kill you", "1", "x", name, "en"),
                   ("Lovely weather for the regatta.", "0", "x", name, "en")], header)
    write_csv(tmp_path / "hatecheck-fr" / "cases.csv",
              [("Je vais tuer tous les réfugiés.", "1", "threat_dir_h", "hc", "fr"),
               ("J'aime les réfugiés.", "0", "ident_pos_nh", "hc", "fr")], header)
    result = aapp.test_cli_runner().invoke(args=["abuse", "crosscheck", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["sources"]["davidson"]["abuse_held_rate"] == 1.0
    assert report["sources"]["davidson"]["ok_held_rate"] == 0.0
    held = [h for h in report["hatecheck_fr"]["threat_dir_h"].values() if h["n"]]
    assert held and held[0]["abuse_held_rate"] == 1.0
    assert "threat_dir_h" in result.output


def test_crosscheck_says_what_is_missing(aapp, tmp_path):
    result = aapp.test_cli_runner().invoke(args=["abuse", "crosscheck", str(tmp_path)])
    assert result.exit_code == 2 and "wikipedia_talk.csv" in result.output
