"""Hostile bodies cost the scorer about what an ordinary body of the same length costs."""

import time

import pytest

from service.spam.learning import SHIPPED_MODEL
from service.spam.model import Model
from service.spam.rules import TEXT_LIMIT, Evidence, RuleSettings
from service.spam.scoring import score_evidence
from service.spam.text import normalise, visible
from tests.helpers.spam import HOSTILE, LENGTH, ORDINARY

# A scorer that looks at each character a bounded number of times stays well inside this;
# the backtracking ones were hundreds to thousands of times slower.
MAX_RATIO = 20
REPEATS = 5


@pytest.fixture(scope="module")
def model():
    return Model.loads(SHIPPED_MODEL.read_bytes())


def _seconds(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _ratio(work, body: str) -> float:
    """Return the best time of work(body) over the best time of work(ORDINARY), interleaved."""
    ordinary = hostile = float("inf")
    for _ in range(REPEATS):
        ordinary = min(ordinary, _seconds(lambda: work(ORDINARY)))
        hostile = min(hostile, _seconds(lambda: work(body)))
        # Stop once the answer is clear either way: a load spike only ever slows one run.
        if not MAX_RATIO / 2 < hostile / ordinary < 10 * MAX_RATIO:
            break
    return hostile / ordinary


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_body_scores_in_a_small_multiple_of_an_ordinary_ones_time(model, name):
    body = HOSTILE[name]
    assert len(body) <= LENGTH
    cfg = RuleSettings()
    ratio = _ratio(lambda b: score_evidence(Evidence(body=b), cfg, model, 0.3), body)
    assert ratio < MAX_RATIO, f"{name}: {ratio:.0f} times an ordinary body's time"


# NFKC's own output is up to eighteen times its input, a linear cost the scoring test bounds.
@pytest.mark.parametrize("name", [name for name in HOSTILE if name != "nfkc-expanding"])
@pytest.mark.parametrize("view", [normalise, visible])
def test_a_hostile_body_normalises_in_a_small_multiple_of_an_ordinary_ones_time(name, view):
    # Alone, normalising is cheap enough that a quadratic tag pattern shows.
    ratio = _ratio(lambda b: view(b, TEXT_LIMIT), HOSTILE[name])
    assert ratio < MAX_RATIO, f"{name}: {ratio:.0f} times an ordinary body's time"


def test_the_rules_see_a_bounded_text_however_far_nfkc_expands_it():
    ev = Evidence(body="\ufdfa" * LENGTH)
    assert len(normalise(ev.body)) > 10 * LENGTH
    assert len(ev.normalised) <= TEXT_LIMIT and len(ev.visible) <= TEXT_LIMIT
    assert ev.normalised.startswith(normalise("\ufdfa"))


def test_links_are_found_once_and_shared_by_the_rules_and_the_classifier(model, monkeypatch):
    from service.spam import rules, text

    calls = []
    real = text.links
    monkeypatch.setattr(rules, "links", lambda t: calls.append(t) or real(t))
    monkeypatch.setattr("service.spam.features.links", lambda t: calls.append(t) or real(t))
    ev = Evidence(body="Read http://a.example and b.example.com, then www.c.example today.")
    score = score_evidence(ev, RuleSettings(max_links=2), model, 0.3)
    assert len(calls) == 1
    assert any(r.code == "links" for r in score.reasons)
    assert ev.links == ["http://a.example", "www.c.example", "b.example.com"]
