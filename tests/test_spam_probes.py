"""What a newsroom sees on its first day: ordinary comments published, spam not.

Probes go through spam.assess(), the path every submission takes, at the shipped
thresholds and with the shipped model.
"""

import pytest

from service.spam.language import Language, detect
from service.spam.reasons import Verdict
from service.spam.text import normalise
from tests.helpers.spam import ARGUED_EN, ARGUED_FR, SPAM_DEFAULTS, assess

PUBLISHED = [
    "Cancel my subscription.",
    "Thank you for this comment.",
    "Check out the 1984 and 1988 debates, they were far better.",
    "Couldn't disagree more! Hard to believe we pay for this subscription.",
    "The mayor's own video explains it: https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "Merci pour cet article, enfin quelqu'un qui explique le budget clairement.",
    "Je ne suis pas d'accord, les chiffres de l'Insee disent le contraire.",
    ARGUED_EN,
    ARGUED_FR,
]
SPAM = [
    "Make $5000 a week working from home!!! Visit http://easy-cash-now.example/join and "
    "start today, limited places, click here",
    "BEST PRICES on viagra and cialis, no prescription needed, order now at "
    "www.cheap-pills-online.example",
    "URGENT! You have won a £1000 cash prize. To claim call 09061701461 now, T&C apply.",
    "Microsoft support phone number +1 (844) 780-6762, call our toll free helpline 24/7 "
    "for outlook and printer support",
    "Hey guys check out my channel, I make cover songs, subscribe and I subscribe back "
    "http://www.youtube.com/channel/UCxyz123abc",
    "Earn 40% profit every week with our bitcoin investment platform, guaranteed returns! "
    "Contact Mr. James on WhatsApp +44 7700 900123 or email profits.james@gmail.com",
    "Best online casino bonus: 200 free spins and $500 welcome bonus, play slots now at "
    "https://lucky-spin-casino.example/bonus",
]


@pytest.fixture(scope="module")
def sapp(tmp_path_factory, backend):
    # Module scope: the probes only read, so one app and one database serve them all.
    from service import create_app

    folder = tmp_path_factory.mktemp("probes")
    config = {"TESTING": True, **SPAM_DEFAULTS}
    if backend.name == "sqlite":
        import shutil

        shutil.copy(backend.template, folder / "margin.sqlite3")
    else:
        config["DATABASE_URL"] = backend.url
    return create_app(config, instance_path=str(folder))


def verdict(app, text):
    from service import spam

    with app.app_context():
        result = assess(text)
        return spam.verdict(result), result


@pytest.mark.parametrize("text", PUBLISHED, ids=lambda t: t[:40])
def test_ordinary_comments_are_published(sapp, text):
    decided, result = verdict(sapp, text)
    assert decided is Verdict.APPROVE, result


@pytest.mark.parametrize("text", SPAM, ids=lambda t: t[:40])
def test_spam_is_filed_as_spam(sapp, text):
    decided, result = verdict(sapp, text)
    assert decided is Verdict.SPAM, result


def test_the_argued_probes_are_long():
    assert len(ARGUED_EN) >= 1500 and len(ARGUED_FR) >= 1500
    assert detect(normalise(ARGUED_EN)) is Language.ENGLISH
    assert detect(normalise(ARGUED_FR)) is Language.FRENCH
