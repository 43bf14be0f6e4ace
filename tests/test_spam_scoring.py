"""How the classifier's word counts in the score: no length bias, limited alone, abstains."""

import math
import re
from array import array

import pytest

from service.spam.build import SHIPPED_MODEL
from service.spam.language import Language, detect
from service.spam.model import Features, Model
from service.spam.rules import Evidence, RuleSettings
from service.spam.scoring import ABSTAINED, PRIOR, alone_cap, score_evidence
from service.spam.text import normalise
from tests.helpers.spam import ARGUED_EN, ARGUED_FR

LOW, HIGH = 0.3, 0.85
CFG = RuleSettings()


@pytest.fixture(scope="module")
def model():
    return Model.loads(SHIPPED_MODEL.read_bytes())


def sentences(text):
    return re.split(r"(?<=[.;:!?])\s+", text)


def score(model, text, **fields):
    return score_evidence(Evidence(text, **fields), CFG, model, LOW, high=HIGH)


@pytest.mark.parametrize("argued", [ARGUED_EN, ARGUED_FR], ids=["en", "fr"])
def test_a_longer_comment_does_not_score_higher(model, argued):
    # The same comment cut after 1, 2, ... sentences: from 60 to 1,500 characters.
    parts = sentences(argued)
    prefixes = [" ".join(parts[:k]) for k in range(1, len(parts) + 1)]
    scores = [score(model, p).value for p in prefixes]
    assert len(prefixes[-1]) >= 1500 and len(prefixes[0]) < 200
    assert all(s < LOW for s in scores), list(zip(map(len, prefixes), scores, strict=True))
    # Every prefix scores within the range of its sentences read one by one: more
    # sentences of the same kind never push a comment past its most spam-like sentence.
    alone = [model.logit(Features.of(p)) for p in parts]
    for k, prefix in enumerate(prefixes, start=1):
        z = model.logit(Features.of(prefix))
        assert min(alone[:k]) - 0.25 <= z <= max(alone[:k]) + 0.25, (k, z, alone[:k])


@pytest.mark.parametrize("times", [2, 4, 8, 16])
def test_repeating_ordinary_text_adds_no_evidence(model, times):
    text = "Cancel my subscription, I will not pay for this comment section any more."
    once = model.logit(Features.of(text))
    longer = model.logit(Features.of(" ".join([text] * times)))
    # The same n-grams again are the same evidence; only the joins between copies are new.
    assert longer <= once + 0.5


def test_joining_two_comments_scores_between_them(model):
    a = ("The tender documents should have been published before the vote, and the "
         "council knows it.")
    b = ("Thank you for this comment, I had not thought about the tolls that residents "
         "will pay for the next thirty years.")
    za, zb = model.logit(Features.of(a)), model.logit(Features.of(b))
    both = model.logit(Features.of(f"{a} {b}"))
    assert min(za, zb) - 0.5 <= both <= max(za, zb) + 0.5


def test_the_classifier_alone_never_files_a_comment_as_spam():
    # A model sure of spam whatever the text: alone, it can only hold.
    sure = Model(array("f", [8.0]) * (1 << 20), 0.0)
    # Long enough for the classifier's evidence to count in full (see Features.scale).
    text = ("A comment with nothing else in it but words, and enough of them for the "
            "classifier to speak in full.")
    result = score(sure, text)
    classifier = next(r for r in result.reasons if r.code == "classifier")
    assert classifier.weight == pytest.approx(alone_cap(HIGH))
    assert "limited, as nothing else in the comment suggests spam" in classifier.message
    assert LOW <= result.value < HIGH
    # A link, contact details or another rule let it speak in full.
    for extra in (" http://shop.example/", " call 0906 170 1461", " Click here!"):
        assert score(sure, text + extra).value >= HIGH, extra


def test_the_alone_cap_follows_the_spam_threshold():
    assert 1 / (1 + math.exp(-(PRIOR + alone_cap(HIGH)))) < HIGH
    assert alone_cap(1.0) == math.inf


@pytest.mark.parametrize(("text", "language"), [
    (ARGUED_EN, Language.ENGLISH),
    (ARGUED_FR, Language.FRENCH),
    ("El ayuntamiento debería haber publicado los documentos antes de la votación.",
     Language.OTHER),
    ("Der Rat hätte die Unterlagen vor der Abstimmung veröffentlichen sollen, nicht danach.",
     Language.OTHER),
    ("Совет должен был опубликовать документы до голосования, но не после.", Language.OTHER),
    ("check out my channel http://x.example subscribe please thanks", Language.ENGLISH),
    ("Merci !", Language.UNKNOWN),
])
def test_language(text, language):
    assert detect(normalise(text)) is language


def test_other_languages_leave_the_decision_to_the_rules(model):
    spanish = "El ayuntamiento debería haber publicado los documentos antes de la votación."
    plain = score(model, spanish)
    assert ABSTAINED in plain.reasons and plain.value < LOW
    linked = score(model, spanish + " http://a.example http://b.example http://c.example",
                   honeypot="x")
    assert ABSTAINED in linked.reasons and linked.value == 1.0
