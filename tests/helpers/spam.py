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
