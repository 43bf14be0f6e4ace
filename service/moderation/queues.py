"""The console's named queues: each a set of the moderation listing's filters and an order."""

from __future__ import annotations

import dataclasses
import enum

from ..models import CommentStatus
from .queue import CommentQuery, QueueOrder, count_comments


class Queue(enum.StrEnum):
    """A queue a moderator works through; its filters come from QUEUES."""

    URGENT = "urgent"
    HELD = "held"
    SPAM = "spam"
    REPORTED = "reported"
    APPROVED = "approved"
    REJECTED = "rejected"
    ALL = "all"


# Most urgent: whatever waits for a decision (held, or reported whatever its status),
# child-safety reports first, then the most reported, then the longest waiting.
QUEUES: dict[Queue, CommentQuery] = {
    Queue.URGENT: CommentQuery(waiting=True, order=QueueOrder.URGENT),
    Queue.HELD: CommentQuery(statuses=(CommentStatus.PENDING,), order=QueueOrder.OLDEST),
    Queue.SPAM: CommentQuery(statuses=(CommentStatus.SPAM,)),
    Queue.REPORTED: CommentQuery(reported=True, order=QueueOrder.URGENT),
    Queue.APPROVED: CommentQuery(statuses=(CommentStatus.APPROVED,)),
    Queue.REJECTED: CommentQuery(statuses=(CommentStatus.REJECTED,)),
    Queue.ALL: CommentQuery(),
}


def query_for(queue: Queue, filters: dict, order: QueueOrder | None = None) -> CommentQuery:
    """Return the queue's query narrowed by the listing's filters, in its order or the given one."""
    base = QUEUES[queue]
    changes = {k: v for k, v in filters.items() if v not in (None, (), [])}
    if order is not None:
        changes["order"] = order
    return dataclasses.replace(base, **changes)


def counts() -> dict[str, int]:
    """Count what is in every queue now."""
    return {queue.value: count_comments(query) for queue, query in QUEUES.items()}
