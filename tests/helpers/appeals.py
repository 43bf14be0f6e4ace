"""A complaint to decide: a comment a console moderator rejected, contested by its author."""

from __future__ import annotations

import sqlalchemy as sa

from service import database
from service.dsa import appeals, links
from service.extensions import db
from service.models import AppealParty, AuditEntry

DECISION = {"reason_code": "illegal_content", "reason_text": "Defamation of a named official."}
COMPLAINT = "It is a faithful quote from the court ruling."


def reject_in_console(client, csrf: str, comment_id: int):
    """Reject a comment as the signed-in moderator, through the console's data call."""
    response = client.post(f"/console/api/comments/{comment_id}/reject", json=DECISION,
                           headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text


def file_complaint(app, comment_id: int, text: str = COMPLAINT) -> int:
    """Contest the comment's last decision as its author would from the link; return its id."""
    with app.app_context():
        decision = db.session.execute(
            sa.select(AuditEntry).where(AuditEntry.comment_id == comment_id,
                                        AuditEntry.action == "comment.reject")
            .order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
        database.begin_write()
        return appeals.file(links.Grant(decision.id, AppealParty.AUTHOR), text).id
