"""Each spam rule on its own, then how reasons combine into a score and an outcome."""

import math
import re

import pytest

from service.spam.reasons import Reason, Verdict, decide
from service.spam.rules import (
    _DISGUISED,
    RULES,
    Evidence,
    RuleSettings,
    _letters_and_capitals,
    _run_pattern,
    apply_rules,
    author_is_url,
    bare_link,
    blocked_word,
    contact_details,
    honeypot,
    moderation_word,
    obfuscated_link,
    repeated_characters,
    shouting,
    spam_phrasing,
    too_fast,
    too_many_links,
)
from service.spam.scoring import PRIOR, combine
from service.spam.text import URL, may_hold_url, normalise

CFG = RuleSettings(moderation_words=("casino", "crypto wallet"),
                   blocked_words=("viagra", "@spam-mail.example"))


@pytest.mark.parametrize(
    ("rule", "evidence", "code"),
    [
        (honeypot, Evidence("hi", honeypot="http://buy.example"), "honeypot"),
        (honeypot, Evidence("hi", honeypot=""), None),
        (honeypot, Evidence("hi", honeypot="   "), None),
        (honeypot, Evidence("hi"), None),
        (too_fast, Evidence("hi there", elapsed_ms=800), "too_fast"),
        (too_fast, Evidence("x" * 400, elapsed_ms=4000), "fast_typing"),  # 100 chars/s
        (too_fast, Evidence("a normal comment", elapsed_ms=45_000), None),
        (too_fast, Evidence("no timing sent"), None),
        (too_many_links, Evidence("http://a.example http://b.example www.c.example"), "links"),
        (too_many_links, Evidence("http://a.example and www.b.example"), None),
        (too_many_links, Evidence("a.com b.net c.org d.info"), "links"),
        (bare_link, Evidence("https://www.facebook.com/pages/Example-775510675841486"),
         "bare_link"),
        (bare_link, Evidence("Source: www.insee.fr"), "bare_link"),
        (bare_link, Evidence("like my page http://a.example"), "bare_link"),
        (bare_link, Evidence("The mayor's own video explains it: https://youtu.be/x1"), None),
        (bare_link, Evidence("no link at all"), None),
        (moderation_word, Evidence("Best CASINO bonus"), "moderation_word"),
        (moderation_word, Evidence("my crypto  wallet"), "moderation_word"),
        (moderation_word, Evidence("hello", author="Casino King"), "moderation_word"),
        (moderation_word, Evidence("hello", website="https://casino.example"), "moderation_word"),
        (moderation_word, Evidence("occasional visitor"), None),  # whole words only
        (blocked_word, Evidence("cheap v\u200biagra"), "blocked_word"),  # hidden characters
        (blocked_word, Evidence("hello", email="bot@spam-mail.example"), "blocked_word"),
        (blocked_word, Evidence("hello", email="ann@example.com"), None),
        (obfuscated_link, Evidence("Watch free at HDMovieStream.COMl"), "obfuscated_link"),
        (obfuscated_link, Evidence("go to mysite . com now"), "obfuscated_link"),
        (obfuscated_link, Evidence("visit cheapmeds dot com"), "obfuscated_link"),
        (obfuscated_link, Evidence("visit cheapmeds(dot)net"), "obfuscated_link"),
        (obfuscated_link, Evidence("visit cheapmeds[.]org"), "obfuscated_link"),
        (obfuscated_link, Evidence("I love it. Me too. See example.com"), None),
        (author_is_url, Evidence("hi", author="https://cheap-pills.example"), "author_url"),
        (author_is_url, Evidence("hi", author="www.pills.com"), "author_url"),
        (author_is_url, Evidence("hi", author="pills.com"), "author_url"),
        (author_is_url, Evidence("hi", author="Ann Reader"), None),
        (shouting, Evidence("THIS IS THE BEST OFFER EVER, BUY NOW"), "shouting"),
        (shouting, Evidence("The NHS and the BBC disagree"), None),
        (shouting, Evidence("OK FINE"), None),  # too short to call shouting
        (repeated_characters, Evidence("Buy now!!!!!!!!"), "repeats"),
        (repeated_characters, Evidence("$$$$$$ money"), "repeats"),
        (repeated_characters, Evidence("well... ok!!"), None),
        (contact_details, Evidence("To claim call 09061701461 now"), "contact"),
        (contact_details, Evidence("Helpline +1 (844) 780-6762"), "contact"),
        (contact_details, Evidence("write to profits.james@gmail.com"), "contact"),
        (contact_details, Evidence("the 1984 and 1988 debates"), None),
        (contact_details, Evidence("elections in 1984 1988 2000 2004"), None),
        (contact_details, Evidence("a budget of 1,500,000 for 2026"), None),
        (contact_details, Evidence("@ann you are right"), None),
        (spam_phrasing, Evidence("200 FREE SPINS and a welcome bonus"), "spam_phrase"),
        (spam_phrasing, Evidence("Contactez-moi sur WhatsApp"), "spam_phrase"),
        (spam_phrasing, Evidence("I clicked here and there, then checked out"), None),
        (spam_phrasing, Evidence("Cancel my subscription."), None),
        (spam_phrasing, Evidence("hey guys visit my channel"), "spam_phrase"),
        (spam_phrasing, Evidence("Subscribe me please, new youtuber"), "spam_phrase"),
        (spam_phrasing, Evidence("Please check out my new video"), "spam_phrase"),
        (spam_phrasing, Evidence("Abonnez-vous, merci"), "spam_phrase"),
        (spam_phrasing, Evidence("I subscribe to the paper and read every issue"), None),
        (spam_phrasing, Evidence("The channel tunnel was late again"), None),
        (spam_phrasing, Evidence("My subscription ends in May"), None),
    ],
)
def test_rule(rule, evidence, code):
    reason = rule(evidence, CFG)
    if code is None:
        assert reason is None
    else:
        assert reason.code == code
        assert reason.weight > 0
        assert reason.message  # a moderator reads it


@pytest.mark.parametrize(
    ("evidence", "fragment"),
    [
        (Evidence("a b c", elapsed_ms=1200), "sent 1.2 s after the form was shown"),
        (Evidence("http://a.example http://b.example http://c.example"), "3 links"),
        (Evidence("hello", author="casino"), 'the author contains "casino"'),
        (Evidence("hi", author="http://x.example"), "the author name is a URL"),
        (Evidence("HDMovieStream.COMl"), '"hdmoviestream.coml"'),
        # The number and the address themselves are not repeated to moderators.
        (Evidence("call 09061701461 or x@spam.example"),
         "the text gives a phone number and an email address"),
        (Evidence("Free spins! Click here"), 'known spam phrasing: "free spins", "click here"'),
    ],
)
def test_reasons_speak_a_moderators_language(evidence, fragment):
    assert any(fragment in r.message for r in apply_rules(evidence, CFG))


def test_link_weight_grows_with_links_and_settings_move_the_limit():
    three = too_many_links(Evidence(" ".join(f"http://{c}.example" for c in "abc")), CFG)
    six = too_many_links(Evidence(" ".join(f"http://{c}.example" for c in "abcdef")), CFG)
    assert six.weight > three.weight
    assert too_many_links(Evidence("http://a.example " * 6), RuleSettings(max_links=10)) is None


def test_every_rule_is_applied_in_a_fixed_order():
    ev = Evidence("BUY NOW AT CHEAPMEDS DOT COM!!!!!!!! Call 0906 170 1461",
                  author="www.pills.example", honeypot="x", elapsed_ms=100)
    codes = [r.code for r in apply_rules(ev, CFG)]
    assert codes == ["honeypot", "too_fast", "obfuscated_link", "author_url", "shouting",
                     "repeats", "contact", "spam_phrase"]
    assert len(RULES) == 12


def _disguised_without_prefilter(text):
    """Return the match the five disguise patterns find after dropping URLs, or None."""
    text = URL.sub(" ", normalise(text))
    return next((hit.group(0) for p in _DISGUISED if (hit := p.search(text))), None)


@pytest.mark.parametrize("text", [
    "Watch free at HDMovieStream.COMl", "go to mysite . com now", "mysite. net", "mysite .org",
    "visit cheapmeds dot com", "visit cheapmeds DOT   info", "cheapmeds(dot)net",
    "cheapmeds ( dot ) biz", "cheapmeds[.]org", "cheapmeds{.}ru", "cheapmeds [dot]xyz",
    "cheapmeds (.)ly", "cheapmeds.) tk", "cheapmeds dot\ncom", "cheapmeds \u200bdot com",
    "\uff43heap \uff44ot \uff43om", "&lt;b&gt;cheap&lt;/b&gt; dot com", "<b>cheap</b> dot com",
    # Dropping the URL joins "dot" to "com", so the prefilter must look after the drop.
    "site dot http://x.example com", "site dot WWW.x.example com", "site. https://x.example/y com",
    "see http://cheap.example.com or site dot com", "www.site.com", "http://site.comx",
    "I love it. Me too. See example.com", "the dot company", "a.com", "", "dotcom", ". com",
    "version 1.2 com", "ab dot comedy", "ab.comedy", "x.coms", "xx.(com", "xx dot(com",
])
def test_obfuscated_link_prefilter_misses_nothing_the_patterns_find(text):
    hit = obfuscated_link(Evidence(text), CFG)
    expected = _disguised_without_prefilter(text)
    want = f'a disguised link: "{expected}"' if expected else None
    assert (hit.message if hit else None) == want


@pytest.mark.parametrize("text", [
    "THIS IS THE BEST OFFER EVER, BUY NOW", "The NHS and the BBC disagree", "OK FINE 123 !!",
    "ÉCOLE ET ÇA VA BIEN MERCI", "ÉCOLE et ça va bien merci", "\u0398\u03a9\u03a3\u03b1 greek",
    "ǅǈǋ ǲ titlecase",
    "\u2160\u2161 ROMAN NUMERALS SHOUT", "日本語 MIXED WITH CAPITALS", "", "   ", "a_b-c'd",
])
def test_capitals_are_counted_as_by_isalpha_and_isupper(text):
    letters = [c for c in text if c.isalpha()]
    assert _letters_and_capitals(text) == (len(letters), sum(1 for c in letters if c.isupper()))


@pytest.mark.parametrize("run", [2, 3, 6, 10])
@pytest.mark.parametrize("text", ["Buy now!!!!!!!!", "$$$$$$ money", "well... ok!!", "aa  bb",
                                  "soooooooooooo good", "x" * 9 + " " + "y" * 20, "\u00e9" * 7, ""])
def test_run_pattern_finds_what_the_counted_repeat_finds(run, text):
    expected = re.search(rf"(\S)\1{{{run - 1},}}", text)
    hit = _run_pattern(run).search(text)
    assert (hit and hit.group(0)) == (expected and expected.group(0))


@pytest.mark.parametrize("text", ["http://a", "WWW.a", "wWw.a", "HTTPS://A", "x www.y"])
def test_url_hint_sees_every_case_of_a_url_start(text):
    assert URL.search(text)
    assert may_hold_url(text)


def _sigmoid(z):
    return 1 / (1 + math.exp(-z))


@pytest.mark.parametrize(
    ("reasons", "floor", "expected"),
    [
        # The prior says a comment is rarely spam before any evidence.
        ([], 0.3, _sigmoid(PRIOR)),
        ([Reason("classifier", "c", -2.0)], 0.3, _sigmoid(PRIOR - 2.0)),
        ([Reason("classifier", "c", -2.0), Reason("shouting", "s", 0.75)], 0.3,
         _sigmoid(PRIOR - 1.25)),
        # A hold rule lifts a low score to the moderation threshold...
        ([Reason("classifier", "c", -4.0), Reason("links", "3 links", 1.5)], 0.3, 0.3),
        # ...but never lowers a higher one.
        ([Reason("classifier", "c", 4.0), Reason("links", "3 links", 1.5)], 0.3,
         _sigmoid(PRIOR + 5.5)),
        # Bot signs hold too; but where the site holds nothing (floor 1), they only add.
        ([Reason("classifier", "c", -7.0), Reason("too_fast", "t", 4.0)], 0.3, 0.3),
        ([Reason("classifier", "c", -4.0), Reason("too_fast", "t", 4.0)], 1.0,
         _sigmoid(PRIOR)),
        # Certain rules leave no doubt whatever the classifier says.
        ([Reason("classifier", "c", -6.0), Reason("honeypot", "h", 12.0)], 0.3, 1.0),
        ([Reason("classifier", "c", -6.0), Reason("blocked_word", "b", 8.0)], 0.3, 1.0),
    ],
)
def test_combine_adds_log_odds(reasons, floor, expected):
    score = combine(reasons, floor)
    assert score.value == pytest.approx(expected)
    assert 0.0 <= score.value <= 1.0
    assert [abs(r.weight) for r in score.reasons] == sorted(
        (abs(r.weight) for r in reasons), reverse=True)


@pytest.mark.parametrize(
    ("value", "verdict"),
    [(0.0, Verdict.APPROVE), (0.29, Verdict.APPROVE), (0.3, Verdict.HOLD),
     (0.84, Verdict.HOLD), (0.85, Verdict.SPAM), (1.0, Verdict.SPAM)],
)
def test_thresholds(value, verdict):
    assert decide(value, 0.3, 0.85) is verdict
