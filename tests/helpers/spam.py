"""Spam scorer helpers: the shipped thresholds, a moderator's decision, a score."""

from __future__ import annotations

from service import comments, events, spam
from service.config import Defaults
from service.extensions import db
from service.models import Comment, CommentStatus
from service.submissions import ClientInfo, Submission

# The shipped defaults: the conftest raises both thresholds for tests about other things.
SPAM_DEFAULTS = {"SPAM_THRESHOLD_LOW": Defaults.SPAM_THRESHOLD_LOW,
                 "SPAM_THRESHOLD_HIGH": Defaults.SPAM_THRESHOLD_HIGH}


def decide(app, comment_id, label, actor="mod@example.com"):
    """Do what the moderation API does when a moderator marks a comment spam or ham."""
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        status = CommentStatus.SPAM if label == "spam" else CommentStatus.APPROVED
        comments.set_status(comment, status, actor=actor)
        events.comment_classified.send(comment, label=label, actor=actor)
        db.session.commit()


def assess(body, email="someone@example.net", ip="203.0.113.9", website=None):
    """Score a submission without storing it, in the current app context."""
    sub = Submission(thread_key="/t", author="Someone", email=email, website=website, body=body)
    return spam.assess(sub, ClientInfo(ip=ip))


def score(app, body, **fields):
    with app.app_context():
        return assess(body, **fields)


# Comments that argue hard without being spam, the kind a newsroom must publish.
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


# Bodies that made a scorer's regex backtrack, and an ordinary one as long (bench/ uses them too).
LENGTH = 5000

ORDINARY = ("The council voted on Tuesday to keep the branch library open for another year, "
            "and readers who use it every week wrote in to say why it matters to them. ")

ORDINARY = (ORDINARY * (LENGTH // len(ORDINARY) + 1))[:LENGTH]

# Each of these made a regex backtrack over the whole body from every position in it.
HOSTILE = {
    # NFKC turns U+2488 into "1.", and the bare-domain pattern tried every "1." as a start.
    "nfkc-dotted-numbers": "a.com " + "\u2488" * (LENGTH - 6),
    "dotted-numbers": "a.com " + "1." * ((LENGTH - 6) // 2),
    "hyphenated-labels": "a.com " + "a-" * ((LENGTH - 6) // 2),
    "disguised-link": "dot com " + "a-" * ((LENGTH - 8) // 2),
    "disguised-bracket": "x (dot) com " + "a-" * ((LENGTH - 12) // 2),
    "open-tag": "<a" + " " * (LENGTH - 2),
    "open-tag-tabs": "<a href=" + "\t" * (LENGTH - 8),
    # One character of input, eighteen of NFKC output.
    "nfkc-expanding": "\ufdfa" * LENGTH,
}
