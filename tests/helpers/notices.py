"""Helpers for the notice-and-action tests: notices, the messages the events call for."""

from __future__ import annotations

from contextlib import contextmanager

from service import events
from service.dsa import facts

THREAD = "/news/2026/11/harbour-bridge"
ILLEGAL = {
    "category": "illegal_content",
    "text": "This comment defames a named person.",
    "law": "Loi du 29 juillet 1881, art. 29",
    "country": "FR",
    "explanation": "It states as fact that a named official took bribes, without any basis.",
    "reporter_name": "Rita Reporter",
    "reporter_email": "rita@example.org",
    "good_faith": True,
}


def report(client, cid, ip="198.51.100.1", **fields):
    """Send a reader's notice on comment cid."""
    return client.post(f"/api/v1/comments/{cid}/reports", json=fields,
                       environ_base={"REMOTE_ADDR": ip})


@contextmanager
def messages():
    """Collect the Message values the notice-and-action events call for, as they fire.

    They are built inside the sending transaction, as a mail subscriber would build them.
    """
    sent: list = []

    def on_notice_received(report, **_):
        sent.append(facts.acknowledgement(report))

    def on_notice_decided(report, decision, acted, **_):
        sent.append(facts.notice_decision(report, decision, acted))

    def on_statement(entry, comment, tell_author, **_):
        if tell_author:
            sent.append(facts.statement_of_reasons(entry))

    def on_appeal_received(appeal, **_):
        sent.append(facts.appeal_receipt(appeal))

    def on_appeal_decided(appeal, **_):
        sent.extend(facts.appeal_outcome(appeal))

    pairs = [(events.notice_received, on_notice_received),
             (events.notice_decided, on_notice_decided),
             (events.statement_issued, on_statement),
             (events.appeal_received, on_appeal_received),
             (events.appeal_decided, on_appeal_decided)]
    for signal, receiver in pairs:
        signal.connect(receiver)
    try:
        yield sent
    finally:
        for signal, receiver in pairs:
            signal.disconnect(receiver)


def to(sent, kind: str) -> list:
    """Return the (recipient, facts) of the messages of one kind."""
    return [(m.to, m.facts) for m in sent if m is not None and m.kind == kind]
