"""The text classifier: scoring, explaining, learning, saving, reproducible training, metrics."""

import hashlib
from array import array

import pytest

from service.spam import datasets
from service.spam.build import SHIPPED_MODEL, build
from service.spam.evaluate import auc, metrics
from service.spam.model import SCORE_MIN_FEATURES, Features, Model, sigmoid
from service.spam.train import Labelled, Settings, prepare, train

SMALL = [
    Labelled("check out my channel and subscribe", True),
    Labelled("subscribe to my channel for free gifts", True),
    Labelled("visit http://cheap.example for free money", True),
    Labelled("i love this song so much", False),
    Labelled("this song never gets old", False),
    Labelled("the best video on youtube", False),
]
QUICK = Settings(epochs=5)


@pytest.fixture(scope="module")
def shipped():
    return Model.loads(SHIPPED_MODEL.read_bytes())


def test_training_is_reproducible_to_the_byte():
    assert train(SMALL, QUICK).dumps() == train(SMALL, QUICK).dumps()
    assert train(SMALL, QUICK).dumps() != train(SMALL, Settings(epochs=5, seed=1)).dumps()


@pytest.mark.slow
def test_shipped_model_is_what_the_build_command_makes():
    assert build() == SHIPPED_MODEL.read_bytes()


def _attributed_checksums(folder, heading):
    text = (folder / "ATTRIBUTION.md").read_text(encoding="utf-8")
    block = text.split(heading)[1].split("```")[1]
    return [(folder, *line.split()) for line in block.strip().splitlines()]


@pytest.mark.parametrize(
    ("folder", "digest", "name"),
    _attributed_checksums(datasets.DATA_DIR, "## Checksums (sha256)")
    + _attributed_checksums(datasets.MODEL_DIR, "## Checksum (sha256)"))
def test_files_match_their_attribution(folder, digest, name):
    assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_no_committed_data_file_exceeds_two_megabytes():
    files = [p for p in datasets.DATA_DIR.rglob("*") if p.is_file()]
    assert len(files) > 10
    assert max(p.stat().st_size for p in files) < 2_000_000


def test_the_package_ships_the_model_and_its_attribution_only():
    assert sorted(p.name for p in datasets.MODEL_DIR.iterdir()) == ["ATTRIBUTION.md",
                                                                    "model.bin"]
    assert SHIPPED_MODEL.stat().st_size < 3_000_000


def test_small_model_separates_its_classes():
    model = train(SMALL, QUICK)
    spam = sigmoid(model.logit(Features.of("subscribe to my channel")))
    ham = sigmoid(model.logit(Features.of("i love this song")))
    assert spam > 0.5 > ham


@pytest.mark.parametrize(
    ("text", "spam"),
    [
        ("Check out my channel, subscribe and I will subscribe back!", True),
        ("Make money from home, visit www.easy-cash.example today", True),
        ("I love this song so much", False),
        ("The council should have published the tender documents before the vote.", False),
    ],
)
def test_shipped_model_on_plain_cases(shipped, text, spam):
    assert (sigmoid(shipped.logit(Features.of(text))) > 0.5) is spam


def test_explanation_names_the_tokens_that_pushed(shipped):
    exp = shipped.explain(Features.of("please subscribe to my channel"))
    assert exp.probability > 0.5
    assert exp.tokens and all(isinstance(t, str) for t in exp.tokens)
    assert any("subscribe" in t or "channel" in t for t in exp.tokens)


@pytest.mark.parametrize("spam", [True, False])
def test_learning_one_example_moves_similar_text(shipped, spam):
    model = shipped.copy()
    similar = Features.of("win a free phone at prizes dot example now")
    before = model.logit(similar)
    model.learn(Features.of("win a free phone at prizes dot example"), spam)
    after = model.logit(similar)
    assert (after > before) if spam else (after < before)
    assert shipped.logit(similar) == before  # the copy learned, the original did not


@pytest.mark.parametrize(
    "buckets", [[], [7], [7, 7], [3, 1 << 19, 5], list(range(0, 1 << 20, 997))])
def test_logit_is_the_left_to_right_sum_of_the_weights(shipped, buckets):
    feats = Features([], buckets)
    total = 0
    for b in buckets:
        total += shipped.weights[b]
    assert repr(shipped.logit(feats)) == repr(shipped.bias + feats.scale * total)


@pytest.mark.parametrize("text", [
    "Cancel my subscription.",
    "Subscribe to my channel",
    "I have read the report twice and I still do not see how the harbour figures were made.",
])
def test_a_short_texts_evidence_counts_in_proportion_to_its_features(text):
    # A model that finds every n-gram equally spam-like: a text's log-odds is its share
    # of the features a text of about 95 characters has, and no more than in full.
    sure = Model(array("f", [6.0]) * (1 << 20), 0.0)
    feats = Features.of(text)
    share = min(len(feats.buckets) / SCORE_MIN_FEATURES, 1.0)
    assert len(feats.buckets) < SCORE_MIN_FEATURES
    assert sure.logit(feats) == pytest.approx(6.0 * share)
    longer = Features.of(f"{text} {text.lower()} and then some more words of the same kind")
    assert sure.logit(feats) < sure.logit(longer) <= 6.0 + 1e-9


def test_a_links_evidence_is_not_diluted_by_the_text_around_it(shipped):
    link = "https://shop.example/offer"
    short, long = Features.of(f"nice {link}"), Features.of(f"{'nice words here ' * 60}{link}")
    assert short.linked == long.linked and short.linked
    linked = sum(shipped.weights[b] for _, b in short.linked)
    for feats in (short, long):
        mean = feats.scale * sum(shipped.weights[b] for b in feats.buckets)
        assert shipped.logit(feats) == pytest.approx(shipped.bias + mean + linked)
    # Each link weight is bounded in log-odds, so a link alone is evidence, not a verdict.
    assert all(abs(shipped.weights[b]) <= Settings().link_limit for _, b in short.linked)


def test_model_round_trips_through_bytes(shipped):
    again = Model.loads(shipped.dumps())
    assert again.bias == shipped.bias
    assert again.weights == shipped.weights
    with pytest.raises(ValueError, match="not a Margin spam model"):
        Model.loads(b"garbage")


def test_prepare_normalises_weights_and_deduplicates():
    examples = [datasets.Example("Hello\ufeff", True, "x"), datasets.Example("hello", False, "x"),
                datasets.Example("Hi", False, datasets.SMS), datasets.Example("  ", True, "x")]
    docs = prepare(examples, Settings())
    assert [(d.text, d.spam) for d in docs] == [("hello", True), ("hi", False)]
    # Each class weighs half of the examples, whatever its size.
    assert [d.weight for d in docs] == [1.0, 1.0]


def test_prepare_gives_each_group_its_share_of_its_class():
    settings = Settings(ham_shares=(("big", 1.0), ("small", 1.0)), spam_shares=(("s", 1.0),))
    examples = ([datasets.Example(f"big {i}", False, "big") for i in range(90)]
                + [datasets.Example(f"small {i}", False, "small") for i in range(10)]
                + [datasets.Example(f"spam {i}", True, "s") for i in range(100)])
    docs = prepare(examples, settings)
    total = {}
    for doc in docs:
        kind = doc.text.split()[0]
        total[kind] = total.get(kind, 0.0) + doc.weight
    assert total["big"] == pytest.approx(total["small"]) == pytest.approx(50.0)
    assert total["spam"] == pytest.approx(100.0)


def test_prepare_thins_large_sources_evenly_and_cuts_long_texts():
    settings = Settings(max_rows_per_source=10, max_chars=20)
    examples = [datasets.Example(f"row {i:03d} " + "x" * 50, False, "big") for i in range(100)]
    docs = prepare(examples, settings)
    assert [d.text[:7] for d in docs] == [f"row {i:03d}" for i in range(0, 100, 10)]
    assert all(len(d.text) == 20 for d in docs)


def test_shipped_data_leaves_out_a_source_and_reads_content_only():
    videos = datasets.shipped(with_sms=False, with_extra=False)
    without = datasets.shipped(exclude=["Youtube04-Eminem"], with_sms=False, with_extra=False)
    assert len(videos) == 1956
    assert len(videos) - len(without) == 448
    assert sum(e.spam for e in videos) == 1005
    with pytest.raises(ValueError, match="unknown sources"):
        datasets.shipped(exclude=["Youtube99"])


def test_every_source_reads_with_its_label():
    counts = {name: len(datasets.source(name)) for name in datasets.SOURCES}
    assert counts["wikipedia-talk"] == 21305
    assert counts["mlma-fr"] == 3988
    assert sum(counts[n] for n in datasets.CONVERSATION) == 71587
    assert sum(counts[n] for n in datasets.WEB_SPAM) == 9994
    assert not any(e.spam for e in datasets.source("civil-comments-toxicspans"))
    assert all(e.spam for e in datasets.source("20180615-puzzling-spam"))
    assert {e.lang for e in datasets.source("mlma-fr")} == {"fr"}


@pytest.mark.parametrize(
    ("labels", "scores", "expected"),
    [
        ([True, True, False, False], [0.9, 0.8, 0.2, 0.1], 1.0),
        ([True, True, False, False], [0.1, 0.2, 0.8, 0.9], 0.0),
        ([True, False], [0.5, 0.5], 0.5),
        ([True, False, True, False], [0.9, 0.7, 0.6, 0.1], 0.75),
        ([True, True], [0.1, 0.2], 0.5),
    ],
)
def test_auc(labels, scores, expected):
    assert auc(labels, scores) == pytest.approx(expected)


def test_metrics_count_outcomes_at_both_thresholds():
    labels = [True, True, True, True, False, False, False, False]
    scores = [0.95, 0.9, 0.5, 0.1, 0.9, 0.5, 0.2, 0.1]
    m = metrics(labels, scores, low=0.3, high=0.85)
    assert (m["n"], m["spam"], m["ham"]) == (8, 4, 4)
    assert m["ham_flagged_rate"] == 0.25  # one ham at 0.9
    assert m["ham_held_rate"] == 0.25  # one ham at 0.5
    assert m["spam_published_rate"] == 0.25  # one spam at 0.1
    assert m["held_rate"] == 2 / 8
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == 0.5
    assert m["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_loso_ranks_one_class_sources_against_each_other():
    from service.spam.loso import Fold, report

    def fold(name, labels, scores):
        return Fold(name, labels, scores, [10] * len(labels), ["en"] * len(labels))

    folds = [fold("web", [True, True], [0.9, 0.2]), fold("news", [False, False], [0.1, 0.5]),
             fold("video", [True, False], [0.0, 1.0])]  # two classes: not pooled
    assert report(folds, 0.3, 0.85)["one_class_auc"] == pytest.approx(0.75)
    assert report(folds[:1], 0.3, 0.85)["one_class_auc"] is None


def test_loso_after_replay_reports_each_half():
    from service.spam.loso import Fold, report

    fold = Fold("video", [True, False, True, False], [0.1, 0.5, 0.9, 0.1], [10] * 4, ["en"] * 4)
    plain = report([fold], 0.3, 0.85)["sources"]["video"]
    assert "first_half" not in plain
    halves = report([fold], 0.3, 0.85, halves=True)["sources"]["video"]
    assert halves["first_half"]["spam_published"] == 1.0  # 0.1 published
    assert halves["second_half"]["spam_published"] == 0.0  # 0.9 filed as spam
    assert halves["first_half"]["ham_held"] == 1.0 and halves["second_half"]["ham_held"] == 0.0
