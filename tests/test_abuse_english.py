"""English forms of the abuse patterns, and the English development set as a regression guard."""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from service.abuse.measure import read_csv, report
from service.abuse.model import shipped
from service.abuse.patterns import Category
from service.abuse.rules import apply_rules
from service.abuse.scoring import screen
from service.abuse.settings import from_config
from service.abuse.text import canonical
from service.config import Defaults

HOLD = 0.5
DEV_SET = Path(__file__).parent / "data" / "hatecheck_en_dev.csv"
SITE = from_config({k: getattr(Defaults, k) for k in dir(Defaults) if k.startswith("ABUSE")})


@pytest.mark.parametrize(("text", "category", "words"), [
    ("I have so much contempt for these refugees.", Category.HATE_SPEECH, "contempt for"),
    ("We feel nothing but aversion for all Jews.", Category.HATE_SPEECH, "aversion"),
    ("I have absolutely no respect for immigrants.", Category.HATE_SPEECH, "no respect"),
    ("I refuse to show any respect to these disabled people.", Category.HATE_SPEECH,
     "refuse"),
    ("Disgusted by all the Muslims around here.", Category.HATE_SPEECH, "disgusted by"),
    ("I'm sick and tired of being surrounded by women like you.", Category.HATE_SPEECH,
     "sick and tired"),
    ("Gay people like you make me so angry.", Category.HATE_SPEECH, "make me so angry"),
    ("Seeing refugees here makes me furious.", Category.HATE_SPEECH, "makes me furious"),
    ("I find trans people so repulsive.", Category.HATE_SPEECH, "find trans people"),
    ("That suits the Muslim vermin that you are.", Category.HATE_SPEECH, "vermin"),
    ("Typical of these immigrants to be so stupid.", Category.HATE_SPEECH, "typical"),
    ("Women are the worst there is.", Category.HATE_SPEECH, "the worst"),
    ("Jews can't help being absolutely revolting.", Category.HATE_SPEECH, "revolting"),
    ("Refugees are nothing but common trash.", Category.HATE_SPEECH, "trash"),
    ("No one else is as filthy as these Black people.", Category.HATE_SPEECH, "filthy"),
    ("Immigrants like you are all dishonest.", Category.HATE_SPEECH, "dishonest"),
    ("The lives of disabled people are worth less than shit.", Category.HATE_SPEECH,
     "worth less"),
    ("I'm going to break your Muslim neck.", Category.THREAT, "neck"),
    ("We will keep attacking you refugees until you are gone.", Category.THREAT,
     "attacking"),
    ("Women can all go fck themselves.", Category.HARASSMENT, "go fck"),
])
def test_english_forms_of_hatred_attacks_and_threats_are_held(text, category, words):
    score = screen(text)
    assert score.value >= HOLD, score.reasons
    assert score.category is category
    assert words in score.reasons[0].message


@pytest.mark.parametrize("text", [
    "The way people treat refugees makes me sick.",
    "Attacks on Muslims make me furious.",
    "Gay people like you make me so happy.",
    "I find trans people so inspiring.",
    "Typical of these immigrants to be so generous.",
    "I have so much admiration for these refugees.",
    "I don't like people in general, but I have no particular lack of respect for women.",
    "I'm not disgusted by gay people at all.",
    "Is it too early to fuck off?",
    "My students usually can't wait for me to piss off.",
    "Disabled people do not deserve to be tortured like that.",
    "Don't you see how hateful you are when you call refugees trash?",
    "I will stop talking to you if you keep insisting that Jews deserve to die.",
    "It hurts to see people saying the lives of Black people are worthless.",
    "Please treat women with respect.",
    "I'm going to break my neck on these stairs.",
    "Pop-ups are absolutely vile.",
])
def test_english_look_alikes_counter_speech_and_negation_are_not_held(text):
    score = screen(text)
    assert score.value < HOLD, score.reasons


@pytest.mark.parametrize(("written", "read"), [
    ("I h8 gay people", "i hate gay people"),
    ("Ihate Jews", "i hate jews"),
    ("I d e s p i s e refugees", "i despise refugees"),
    ("I haet women", "i hate women"),
    ("I want to klil them", "i want to kill them"),
    ("they are scmu", "they are scum"),
    ("Daeth to all", "death to all"),
    ("a thraet to us", "a threat to us"),
    ("Disgsuted by them", "disgusted by them"),
    ("Deathto all immigrants", "death to all immigrants"),
    ("Black peopleare subhuman", "black people are subhuman"),
    ("Too manyniggers here", "too many niggers here"),
    ("Typicalretard behaviour", "typical retard behaviour"),
    ("treat them well", "treat them well"),
    ("the hat is here", "the hat is here"),
])
def test_english_obfuscations_are_read(written, read):
    assert canonical(written).text == read


def test_the_same_words_matched_twice_count_once():
    text = canonical("the lives of black people are worthless").text
    reasons = [r for r in apply_rules(canonical(text)) if r.category is Category.HATE_SPEECH]
    assert len(reasons) == 1 and reasons[0].weight == 6.0
    assert "black people are worthless" in reasons[0].message


def dev_rows():
    return list(read_csv(DEV_SET, group_column="functionality"))


def test_the_english_development_set_covers_the_functionalities_it_says():
    rows = dev_rows()
    by: dict[str, set[bool]] = defaultdict(set)
    for row in rows:
        by[row.group].add(row.abuse)
    assert len(rows) >= 500
    for fine, labels in by.items():
        assert labels == {fine.endswith("_h")}, fine
    assert {"threat_dir_h", "threat_norm_h", "slur_h", "derog_dehum_h", "derog_neg_attrib_h",
            "derog_neg_emote_h", "spell_leet_h", "spell_space_add_h", "spell_space_del_h",
            "spell_char_swap_h", "spell_char_del_h", "ident_neutral_nh", "ident_pos_nh",
            "counter_quote_nh", "counter_ref_nh", "negate_neg_nh", "profanity_nh",
            "target_obj_nh"} == set(by)
    with open(DEV_SET, encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == ["text", "label", "functionality"]


# A regression guard on a DEVELOPMENT set, not a target measurement: tests/data/
# hatecheck_en_dev.csv is hand-written English renderings of HateCheck-fr's dev-half
# templates, and the English patterns were written from its misses, so these figures are
# what the patterns reached on cases that were read while writing them. Hateful
# functionalities must hold at least this share, the others at most this share.
HELD_AT_LEAST = {
    "threat_dir_h": 1.0, "threat_norm_h": 1.0, "slur_h": 1.0, "derog_dehum_h": 1.0,
    "derog_neg_attrib_h": 1.0, "derog_neg_emote_h": 1.0, "spell_leet_h": 0.96,
    "spell_space_add_h": 0.92, "spell_space_del_h": 0.80, "spell_char_swap_h": 0.96,
    "spell_char_del_h": 0.92,
}
HELD_AT_MOST = {
    "ident_neutral_nh": 0.0, "ident_pos_nh": 0.0, "counter_quote_nh": 0.0,
    "counter_ref_nh": 0.059, "negate_neg_nh": 0.0, "profanity_nh": 0.031,
    "target_obj_nh": 0.0,
}


def test_the_english_development_set_stays_at_the_figures_reached():
    figures = report(dev_rows(), SITE, base=shipped(), by_group=True)["by_functionality"]
    assert set(figures) == set(HELD_AT_LEAST) | set(HELD_AT_MOST)
    for fine, floor in HELD_AT_LEAST.items():
        assert figures[fine]["abuse_held_rate"] >= floor, (fine, figures[fine])
    for fine, ceiling in HELD_AT_MOST.items():
        assert figures[fine]["ok_held_rate"] <= ceiling, (fine, figures[fine])
