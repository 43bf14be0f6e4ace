"""`margin abuse eval`, `margin abuse crosscheck` and `margin abuse tune-fr`."""

import csv
import json

import pytest

from service import create_app
from service.abuse import datasets
from service.abuse.loso import LeftOut
from service.abuse.measure import cross_source, hatecheck_half, news_proxy
from service.abuse.model import shipped
from service.abuse.settings import from_config
from service.abuse.train import Settings
from service.abuse.tuning import CANDIDATES, tune_french
from service.config import Defaults

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


def test_eval_breaks_figures_down_by_functionality_when_the_column_is_there(aapp, tmp_path):
    rows = [("I will kill you", "abuse", "threat_dir_h"),
            ("I will hug you", "abuse", "threat_dir_h"),
            ("I love trans people", "ok", "ident_pos_nh"),
            ("Thanks for the careful reporting.", "0", "ident_neutral_nh")]
    path = write_csv(tmp_path / "f.csv", rows, ("text", "label", "Functionality"))
    result = aapp.test_cli_runner().invoke(args=["abuse", "eval", str(path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["n"] == 4 and report["abuse_held_rate"] == 0.5
    by = report["by_functionality"]
    assert list(by) == ["ident_neutral_nh", "ident_pos_nh", "threat_dir_h"]
    assert by["threat_dir_h"]["n"] == 2 and by["threat_dir_h"]["abuse_held_rate"] == 0.5
    assert by["threat_dir_h"]["ok_held_rate"] is None and "auc" not in by["threat_dir_h"]
    assert by["ident_pos_nh"]["ok_held_rate"] == 0.0 and by["ident_pos_nh"]["abuse"] == 0
    assert "threat_dir_h" in result.output and "abuse held 50.0% of 2" in result.output


def test_eval_without_a_functionality_column_has_no_breakdown(aapp, tmp_path):
    result = aapp.test_cli_runner().invoke(
        args=["abuse", "eval", str(write_csv(tmp_path / "l.csv", ROWS))])
    assert "by_functionality" not in json.loads(result.output.strip().splitlines()[-1])


@pytest.mark.parametrize(("rows", "header", "message"), [
    ([("x", "maybe")], ("text", "label"), "label must be abuse/ok or 1/0"),
    ([("x", "1")], ("body", "label"), "columns 'text' and 'label'"),
])
def test_eval_refuses_bad_files_without_a_traceback(aapp, tmp_path, rows, header, message):
    path = write_csv(tmp_path / "bad.csv", rows, header)
    result = aapp.test_cli_runner().invoke(args=["abuse", "eval", str(path)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def small_data(tmp_path):
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
    return tmp_path


def test_crosscheck_prints_sources_and_functionalities(aapp, tmp_path):
    small_data(tmp_path)
    result = aapp.test_cli_runner().invoke(
        args=["abuse", "crosscheck", "--patterns-only", str(tmp_path)])
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


def test_crosscheck_scores_each_source_with_a_model_that_never_saw_it(aapp, tmp_path):
    left_out = LeftOut(Settings(max_rows_per_class=40))
    with aapp.app_context():
        report = cross_source(small_data(tmp_path), from_config(aapp.config), left_out)
    assert report["model"] == "left out"
    # One model per source left out (no French rows: none without mlma-fr), and one per
    # pair of the news proxy.
    assert set(left_out._models) == (
        {frozenset({s}) for s in datasets.SOURCES if s != "mlma-fr"}
        | {frozenset({"civil_comments_toxicspans", o}) for o in ("wikipedia_talk", "davidson")})
    assert left_out.without("davidson") is left_out.without("davidson")
    assert left_out.without("davidson").weights != left_out.without("mlma-fr").weights
    # Never trained on: scored by the shipped model.
    assert left_out.without("stackexchange_offensive") is shipped()
    assert report["sources"]["davidson"]["abuse_held_rate"] == 1.0


def proxy_data(tmp_path):
    """Write toxicity files whose rows say which side of the news proxy they belong to."""
    small_data(tmp_path)
    header = ("text", "toxic", "fine", "source", "lang")
    write_csv(tmp_path / "toxicity" / "civil_comments_toxicspans.csv",
              [("I will kill you", "1", "span raters: toxic", "cc", "en"),
               # Rated toxic by readers' raters though no span was marked: toxic here too.
               ("The mayor is an idiot and a moron", "0", "span raters: mostly not toxic",
                "cc", "en")],
              header)
    write_csv(tmp_path / "toxicity" / "wikipedia_talk.csv",
              [("Lovely weather for the regatta.", "0", "non-toxic", "wt", "en"),
               ("You are a worthless idiot", "1", "toxic", "wt", "en")], header)
    write_csv(tmp_path / "toxicity" / "davidson.csv",
              [("Off to the regatta with my sister", "0", "neither", "dv", "en"),
               ("Muslims are vermin", "1", "hate", "dv", "en"),
               ("Go fuck yourself", "1", "offensive", "dv", "en")], header)
    return tmp_path


class Recording(LeftOut):
    """Left-out models that remember which sources each was asked to leave out."""

    def __init__(self):
        super().__init__(Settings(max_rows_per_class=40))
        self.asked = []

    def without(self, *sources):
        self.asked.append(frozenset(sources))
        return super().without(*sources)


def test_news_proxy_scores_every_civil_row_against_other_sites_ordinary_rows(aapp, tmp_path):
    left_out = Recording()
    with aapp.app_context():
        proxy = news_proxy(proxy_data(tmp_path), from_config(aapp.config), left_out)
    assert set(proxy) == {"wikipedia_talk", "davidson"}
    for name, report in proxy.items():
        # Both Civil Comments rows are toxic; only the source's ordinary rows are ok.
        assert (report["n"], report["abuse"], report["ok"]) == (3, 2, 1), name
        assert report["abuse_held_rate"] == 0.5 and report["ok_held_rate"] == 0.0
        assert report["auc"] == 1.0
    assert left_out.asked == [frozenset({"civil_comments_toxicspans", "wikipedia_talk"}),
                              frozenset({"civil_comments_toxicspans", "davidson"})]
    trained = left_out._models[left_out.asked[0]]
    assert trained is not shipped() and trained is not left_out.without("wikipedia_talk")


def test_crosscheck_prints_the_news_proxy(aapp, tmp_path):
    result = aapp.test_cli_runner().invoke(
        args=["abuse", "crosscheck", "--patterns-only", str(proxy_data(tmp_path))])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["news_proxy"]["davidson"]["ok"] == 1
    assert "davidson (neither)" in result.output and "wikipedia_talk (non-toxic)" in result.output


def hatecheck_dev(tmp_path, rows):
    """Write a HateCheck-fr file of the rows (text, toxic, fine) in the development half."""
    (tmp_path / "hatecheck-fr").mkdir(exist_ok=True)
    kept = []
    for text, toxic, fine in rows:
        # Vary the text until it falls in the development half.
        variant = next(f"{text}{'!' * i}" for i in range(50)
                       if hatecheck_half(f"{text}{'!' * i}") == "dev")
        kept.append((variant, toxic, fine, "hc", "fr"))
    return write_csv(tmp_path / "hatecheck-fr" / "cases.csv", kept,
                     ("text", "toxic", "fine", "source", "lang"))


def test_tune_fr_chooses_the_highest_threshold_that_holds_as_much(aapp, tmp_path):
    hatecheck_dev(tmp_path, [("Je vais tuer tous les réfugiés", "1", "threat_dir_h"),
                             ("Les femmes sont géniales", "0", "ident_pos_nh")])
    result = aapp.test_cli_runner().invoke(args=["abuse", "tune-fr", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["half"] == "dev" and report["chosen"] == max(CANDIDATES)
    assert all(row["within_limits"] for row in report["candidates"].values())


def test_tune_fr_chooses_nothing_when_every_threshold_holds_neutral_statements(aapp, tmp_path):
    hatecheck_dev(tmp_path, [("Je vais tuer tous les réfugiés", "1", "threat_dir_h"),
                             ("Les réfugiés, je vais te tuer", "0", "ident_neutral_nh")])
    with aapp.app_context():
        report = tune_french(tmp_path, from_config(aapp.config), shipped())
    assert report["chosen"] is None
    assert not any(row["within_limits"] for row in report["candidates"].values())


def test_the_default_french_threshold_is_a_tuning_candidate():
    assert Defaults.ABUSE_THRESHOLD_FR in CANDIDATES
