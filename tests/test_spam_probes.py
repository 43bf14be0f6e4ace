"""What a newsroom sees on its first day: ordinary comments published, spam not.

Probes go through spam.assess(), the path every submission takes, at the shipped
thresholds and with the shipped model.
"""

import pytest

from service.spam.language import Language, detect
from service.spam.reasons import Verdict
from service.spam.text import normalise
from tests.test_spam_service import SPAM_DEFAULTS, assess

ARGUED_EN = (
    "I have read the council's report twice now, and I still do not understand how the "
    "figures for the harbour bridge were arrived at. The original estimate, published in "
    "the spring, put the cost of the works at a little under forty million, yet the "
    "report presented on Tuesday speaks of sixty-two million without explaining where the "
    "difference comes from. Some of it is surely inflation, and some of it the new safety "
    "rules, but that cannot account for half again the original budget. I would like the "
    "council to publish the tender documents in full, as other cities do, so that "
    "residents can see for themselves which parts of the project grew and why. It is our "
    "money, after all, and the people who will pay the tolls for the next thirty years "
    "deserve better than a single summary table. I also think the paper should ask why "
    "the public consultation was held in August, when half the town is away on holiday. "
    "That is not a small point: the turnout was the lowest in a decade, and the council "
    "now cites that consultation as proof of broad support. My neighbours, who run the "
    "bakery by the old ferry landing, only learned about the new toll from this paper, "
    "and they are hardly the only ones. If the council believes in the project, it should "
    "be able to defend the numbers in public, answer questions at an evening meeting, "
    "and let the independent auditor look at the contracts before anything is signed. "
    "Thank you for covering this story so carefully; please keep following it, because "
    "the vote next month matters more than any of us seem to think."
)
ARGUED_FR = (
    "J'ai lu deux fois le rapport du conseil municipal, et je ne comprends toujours pas "
    "comment les chiffres du pont du port ont été calculés. L'estimation initiale, publiée "
    "au printemps, plaçait le coût des travaux à un peu moins de quarante millions, mais le "
    "rapport présenté mardi parle de soixante-deux millions sans expliquer d'où vient la "
    "différence. Une partie vient sans doute de l'inflation, une autre des nouvelles règles "
    "de sécurité, mais cela ne peut pas expliquer une hausse de moitié du budget. Je "
    "voudrais que le conseil publie l'ensemble des documents de l'appel d'offres, comme le "
    "font d'autres villes, pour que les habitants puissent voir eux-mêmes quelles parties "
    "du projet ont augmenté et pourquoi. C'est notre argent, après tout, et ceux qui "
    "paieront le péage pendant trente ans méritent mieux qu'un seul tableau de synthèse. "
    "Je pense aussi que le journal devrait demander pourquoi la consultation publique a eu "
    "lieu en août, quand la moitié de la ville est en vacances. Ce n'est pas un détail : la "
    "participation a été la plus faible depuis dix ans, et le conseil cite maintenant cette "
    "consultation comme la preuve d'un large soutien. Mes voisins, qui tiennent la "
    "boulangerie près de l'ancien embarcadère, n'ont appris l'existence du péage qu'en "
    "lisant ce journal, et ils ne sont sans doute pas les seuls. Si le conseil croit en ce "
    "projet, il doit pouvoir défendre ses chiffres en public, répondre aux questions lors "
    "d'une réunion du soir et laisser l'auditeur indépendant examiner les contrats avant "
    "toute signature. Merci pour ce suivi attentif, et continuez, car le vote du mois "
    "prochain compte plus que nous ne le pensons."
)

PUBLISHED = [
    pytest.param("Cancel my subscription.", marks=pytest.mark.xfail(strict=True, reason=(
        "held, not published: the classifier cannot tell 'subscription' from YouTube's "
        "'subscribe' in a three-word comment; it is capped below spam (see docs/spam.md)"))),
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
