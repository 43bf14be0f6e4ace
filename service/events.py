"""Domain events. Side effects (webhooks, spam learning, caches) subscribe here.

Signals are sent inside the open database transaction, before it commits, so a
subscriber's rows (an outbox event, a training example) commit or roll back together
with the change that caused them. Subscribers add to `db.session`; they never commit.
"""

from blinker import Namespace

_signals = Namespace()

#: A comment was stored; the sender is the comment. Keywords: notify_replies (bool: its
#: author asked to be emailed when someone replies).
comment_created = _signals.signal("comment-created")

#: A comment's status changed. Keywords: old, new (CommentStatus), actor (str or None
#: for the system), reason_code, reason_text.
comment_status_changed = _signals.signal("comment-status-changed")

#: A moderator labelled a comment. Keywords: label ("spam" or "ham"), actor.
comment_classified = _signals.signal("comment-classified")

#: A reader reported a comment. Keywords: report (Report), hidden (bool: this report
#: took the comment over the threshold and hid it).
comment_reported = _signals.signal("comment-reported")

#: Everything stored about an email address was erased. Keywords: email (the address,
#: so stores of their own can forget it too), mode ("anonymise" or "remove"),
#: comment_ids (the person's comments, already redacted). Subscribers must not keep the
#: address.
personal_data_erased = _signals.signal("personal-data-erased")

#: Client addresses of comments made before a moment were erased (`margin purge`).
#: Keywords: before (datetime). Stores of their own drop those addresses too.
client_addresses_purged = _signals.signal("client-addresses-purged")

# --- notice and action (DSA Art. 16, 17, 20): each is a moment someone must be told ------

#: A reader's notice was stored. Sender: the Report. Keywords: comment. The reporter's
#: address, when given, is on the report (for an acknowledgement of receipt).
notice_received = _signals.signal("notice-received")

#: A decision settled a notice. Sender: the Report. Keywords: decision (the AuditEntry),
#: acted (bool: the comment was restricted; False: kept, which the reporter may contest).
notice_decided = _signals.signal("notice-decided")

#: A decision restricted a comment; its statement of reasons is due to the author.
#: Sender: the AuditEntry. Keywords: comment, tell_author (bool: the site writes to this
#: author; False for spam above STATEMENTS_SPAM_SCORE_MAX).
statement_issued = _signals.signal("statement-issued")

#: Someone contested a decision. Sender: the Appeal. Keywords: decision (AuditEntry).
appeal_received = _signals.signal("appeal-received")

#: A person decided a complaint. Sender: the Appeal. Keywords: decision (the contested
#: AuditEntry), comment (or None when it no longer exists).
appeal_decided = _signals.signal("appeal-decided")
