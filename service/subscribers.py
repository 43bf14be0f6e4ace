"""Who reacts to each domain event (service/events.py): the one list, in the order they run.

Every subscriber runs inside the transaction that sent the event and adds to
`db.session`, never commits; so its rows commit or roll back with the change.
"""

from __future__ import annotations

from . import events, metrics
from .abuse import external as abuse_external
from .abuse import subscribers as abuse_subscribers
from .dsa import messages as dsa_messages
from .mail import alerts as mail_alerts
from .mail import replies as mail_replies
from .mail import subscriptions as mail_subscriptions
from .moderation import audit
from .spam import subscribers as spam_subscribers
from .webhooks import outbox

SUBSCRIBERS = (
    # The audit log records what the filters held.
    (events.comment_created, audit.on_comment_created),
    # The webhook outbox stores an event per change, delivered after commit by the workers.
    (events.comment_created, outbox.on_created),
    (events.comment_status_changed, outbox.on_status_changed),
    (events.comment_reported, outbox.on_reported),
    (events.personal_data_erased, outbox.on_personal_data_erased),
    (events.client_addresses_purged, outbox.on_client_addresses_purged),
    # Moderators' decisions become training examples of the spam and abuse models.
    (events.comment_classified, spam_subscribers.on_classified),
    (events.comment_status_changed, abuse_subscribers.on_status_changed),
    # Their copies of a removed comment's text go with it.
    (events.personal_data_erased, abuse_subscribers.on_personal_data_erased),
    # New comments wait for the external abuse screener, when one is configured.
    (events.comment_created, abuse_external.on_created),
    # Email: a reader's wish to hear about replies (and the confirmation it asks for), the
    # replies they hear about once published, the moderators' alerts; an erase forgets
    # the address's subscriptions and unsent mail.
    (events.comment_created, mail_subscriptions.on_created),
    (events.comment_created, mail_replies.on_created),
    (events.comment_status_changed, mail_replies.on_status_changed),
    (events.comment_reported, mail_alerts.on_reported),
    (events.personal_data_erased, mail_subscriptions.on_personal_data_erased),
    # Notice and action (DSA): the reporter's receipt and decision, the author's statement
    # of reasons, the complaint's receipt and outcome, each queued once per decision.
    (events.notice_received, dsa_messages.on_notice_received),
    (events.notice_decided, dsa_messages.on_notice_decided),
    (events.statement_issued, dsa_messages.on_statement_issued),
    (events.appeal_received, dsa_messages.on_appeal_received),
    (events.appeal_decided, dsa_messages.on_appeal_decided),
    # /metrics counts comments once their transaction commits.
    (events.comment_created, metrics.on_comment_created),
)


def connect() -> None:
    """Connect every subscriber; connecting twice is harmless (blinker keeps one)."""
    for signal, receiver in SUBSCRIBERS:
        signal.connect(receiver)
