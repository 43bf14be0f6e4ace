"""The email notice and action owes people: receipts, decisions, statements, appeal outcomes.

Each subscriber turns an event's facts (facts.py) into a message queued in the outbox in
the transaction of the decision, under a name that makes it once per decision: an event
that fires again queues nothing new. Messages go in the language of the comment's page.
"""

from __future__ import annotations

from datetime import datetime

from ..extensions import db
from ..mail import kinds, outbox
from ..models import Appeal, AuditEntry, Comment, Report
from . import facts

# Every kind here is a message the DSA obliges the site to send to one person about their
# own case (Art. 16(4) receipt, 16(5) decision on a notice, 17 statement of reasons,
# 20(4)-(5) complaints), or the close of a case they are party to. None is a mailing list:
# no List-Unsubscribe, whose "stop everything" would also silence what the law requires.
OWED = kinds.Unsubscribe.NONE
DATE_FORMAT = {"en": "%d %B %Y, %H:%M UTC", "fr": "%d/%m/%Y à %H:%M UTC"}
# Shown instead of codes; an unknown code (a site's own house rule) is shown as it is.
LABELS = {
    "en": {"spam": "spam", "harassment": "harassment", "hate_speech": "hate speech",
           "illegal_content": "illegal content", "child_safety": "child safety",
           "other": "other", "reject": "rejected", "spam_decision": "filed as spam",
           "delete": "deleted", "hide": "hidden", "edit": "edited", "approve": "kept",
           "ham": "kept", "removed": "removed", "disabled": "hidden from readers",
           "edited": "edited", "uphold": "upheld", "reverse": "reversed"},
    "fr": {"spam": "spam", "harassment": "harcèlement", "hate_speech": "discours haineux",
           "illegal_content": "contenu illicite", "child_safety": "protection de l'enfance",
           "other": "autre", "reject": "refusé", "spam_decision": "classé comme spam",
           "delete": "supprimé", "hide": "masqué", "edit": "modifié", "approve": "maintenu",
           "ham": "maintenu", "removed": "supprimé", "disabled": "masqué aux lecteurs",
           "edited": "modifié", "uphold": "confirmée", "reverse": "annulée"},
}
_DATES = ("received_at", "decided_at")


def _label(locale: str, code: str | None) -> str | None:
    return None if code is None else LABELS[locale].get(code, code.replace("_", " "))


def prepare(context: dict, message) -> dict:
    """Return a message's variables: its facts, dates and codes written for the reader."""
    locale = message.locale if message.locale in LABELS else "en"
    values = {"name": context.get("name"), **context["facts"]}
    for key in _DATES:
        if values.get(key):
            values[key] = datetime.fromisoformat(values[key]).strftime(DATE_FORMAT[locale])
    # "spam" is both a notice's category and a decision: the decision reads differently.
    decision = values.get("decision")
    values["decision_label"] = _label(locale, "spam_decision" if decision == "spam"
                                      else decision)
    for key in ("category", "reason_code", "restriction", "outcome"):
        values[f"{key}_label"] = _label(locale, values.get(key))
    ground = values.get("ground")
    if ground:
        values["ground_label"] = _label(locale, ground.get("reason_code"))
    if values.get("complaint_url") and locale != "en":
        # The complaint page answers in the language of the message that links to it.
        values["complaint_url"] += f"?lang={locale}"
    return values


def _locale(comment_id: int | None) -> str | None:
    comment = db.session.get(Comment, comment_id) if comment_id else None
    return comment.locale if comment is not None else None


def _send(message: facts.Message | None, locale: str | None, once: str) -> None:
    if message is None:
        return  # nobody to write to: an anonymous reporter, an author without an address
    outbox.enqueue(message.kind, message.to, locale,
                   {"name": message.name, "facts": message.facts}, once=once)


def on_notice_received(report: Report, *, comment: Comment, **_: object) -> None:
    """Acknowledge a notice to a reporter who gave an address."""
    _send(facts.acknowledgement(report), comment.locale, f"notice_received:{report.id}")


def on_notice_decided(report: Report, *, decision: AuditEntry, acted: bool,
                      **_: object) -> None:
    """Tell a reporter what was decided on their notice; once per decision."""
    _send(facts.notice_decision(report, decision, acted), _locale(report.comment_id),
          f"notice_decided:{decision.id}")


def on_statement_issued(entry: AuditEntry, *, comment: Comment, tell_author: bool,
                        **_: object) -> None:
    """Send the author the statement of reasons of a decision, unless the site does not."""
    if tell_author:
        _send(facts.statement_of_reasons(entry), comment.locale,
              f"statement_of_reasons:{entry.id}")


def on_appeal_received(appeal: Appeal, **_: object) -> None:
    """Acknowledge a complaint to the one who made it."""
    _send(facts.appeal_receipt(appeal), _locale(appeal.comment_id),
          f"appeal_received:{appeal.id}")


def on_appeal_decided(appeal: Appeal, **_: object) -> None:
    """Tell the complainant and the other party the outcome of a complaint."""
    locale = _locale(appeal.comment_id)
    for message in facts.appeal_outcome(appeal):
        _send(message, locale, f"{message.kind}:{appeal.id}")


for _name in ("notice_received", "notice_decided", "statement_of_reasons",
              "appeal_received", "appeal_decided", "appeal_decided_other_party"):
    kinds.register(kinds.Kind(_name, _name, OWED, prepare))
