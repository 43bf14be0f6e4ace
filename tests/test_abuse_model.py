"""The trained abuse model: rebuilt byte for byte, bounded, guarded, attributed."""

import hashlib

import pytest

from service.abuse import datasets
from service.abuse.build import build
from service.abuse.model import LEAST, MOST, SHIPPED, BaseModel, shipped
from service.abuse.pipeline import score_text
from service.abuse.settings import from_config
from service.abuse.text import canonical
from service.abuse.train import Settings, prepare, train
from service.config import Defaults

SITE = from_config({k: getattr(Defaults, k) for k in dir(Defaults) if k.startswith("ABUSE")})


@pytest.mark.slow
def test_shipped_model_is_what_the_build_command_makes():
    assert build() == SHIPPED.read_bytes()


def test_attribution_names_the_shipped_model_checksum():
    digest = hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    attribution = (SHIPPED.parent / "ATTRIBUTION.md").read_text()
    assert f"{digest}  model.bin" in attribution
    for source in ("Wikipedia", "Civil Comments", "Davidson", "Ousidhoum"):
        assert source in attribution


def test_training_data_matches_its_attribution_checksums():
    listed = (datasets.DATA_DIR / "ATTRIBUTION.md").read_text()
    files = sorted(datasets.DATA_DIR.glob("*.csv.gz"))
    assert files
    for path in files:
        assert f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}" in listed


def test_a_model_round_trips_through_its_bytes():
    model = shipped()
    again = BaseModel.loads(model.dumps())
    assert again.bias == model.bias and again.weights == model.weights


def test_a_file_that_is_not_a_model_is_refused():
    with pytest.raises(ValueError, match="not a Margin abuse model"):
        BaseModel.loads(b"MARGINSPAM2\n" + bytes(20))


def test_training_weighs_every_source_and_label_the_same():
    rows = ([datasets.Example("you idiot", True, "a")] * 3
            + [datasets.Example("nice point", False, "a")]
            + [datasets.Example("thanks", False, "b")] * 5)
    docs = prepare(rows, Settings())  # in (source, label) order: a ok, a abuse, b ok
    assert [y for y, _, _ in docs] == [False, True, True, True] + [False] * 5
    a_ok = docs[0][2]
    a_abuse = sum(w for _, _, w in docs[1:4])
    b_ok = sum(w for _, _, w in docs[4:])
    # Source a's two labels share one half, source b (one label) has the other half.
    assert a_abuse == pytest.approx(a_ok) and b_ok == pytest.approx(2 * a_ok)


def test_a_small_training_learns_the_direction_of_its_labels():
    rows = ([datasets.Example(f"you are a moron number {i}", True, "s") for i in range(30)]
            + [datasets.Example(f"the council met on day {i}", False, "s") for i in range(30)])
    model = train(prepare(rows, Settings()), Settings())
    assert model.logit(canonical("what a moron").words) > 0 > model.logit(
        canonical("the council met").words)


@pytest.mark.parametrize("text", [
    "You are a pathetic ignorant fool and a stupid clown",
    "I had a lovely walk along the harbour this morning.",
    "Les musulmans tiennent cette boulangerie depuis vingt ans.",
])
def test_the_model_adds_a_bounded_amount(text):
    reason = next((r for r in score_text(text, SITE, base=shipped()).reasons
                   if r.code == "model"), None)
    if reason is not None:
        assert LEAST <= reason.weight <= MOST


def test_the_model_alone_never_holds():
    # The most the model can add is under what a comment needs to be held.
    assert score_text("zzz", SITE, base=BaseModel(bias=100.0)).value < SITE.threshold


def test_the_model_names_the_words_it_leans_on():
    text = "You are a pathetic ignorant fool, a stupid clown"
    reason = next(r for r in score_text(text, SITE, base=shipped()).reasons
                  if r.code == "model")
    assert reason.weight > 0 and "labelled toxic" in reason.message
    assert any(w in reason.message for w in ("stupid", "pathetic", "fool", "clown"))


@pytest.mark.parametrize("text", [
    "I love trans people",
    "Muslims run this bakery",
    "J'adore mes voisins musulmans",
    "Saying 'gays are vermin' is hate speech and I reported it",
    "Nobody should ever say that women are inferior",
    "Dire que les réfugiés sont de la vermine, c'est de la haine.",
])
def test_with_the_model_neutral_mentions_and_counter_speech_stay_published(text):
    assert score_text(text, SITE, base=shipped()).value < SITE.threshold


def test_counter_speech_lowers_what_the_model_adds():
    abusive = "You stupid pathetic idiots are vermin"
    condemned = f"Writing '{abusive}' is hateful and I reported it"
    plain = next(r for r in score_text(abusive, SITE, base=BaseModel(bias=5.0)).reasons
                 if r.code == "model")
    reported = next(r for r in score_text(condemned, SITE, base=BaseModel(bias=5.0)).reasons
                    if r.code == "model")
    assert reported.weight < plain.weight
