"""Audit log: webhook entries keep the endpoint's host, not its URL (a URL can be a secret).

Revision ID: 0012_audit_webhook_hosts
Revises: 0011_email_key
Create Date: 2026-12-06
"""
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_audit_webhook_hosts'
down_revision = '0011_email_key'
branch_labels = None
depends_on = None

audit_log = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('action', sa.String),
                     sa.column('before', sa.JSON), sa.column('after', sa.JSON))


def _host(url):
    # A copy of service.webhooks.urls.host_of as it is now: a migration must not change
    # when the application's code does.
    try:
        parts = urlsplit(str(url))
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}" if port else host


def _redacted(values):
    if not isinstance(values, dict) or "url" not in values:
        return values
    out = {k: v for k, v in values.items() if k != "url"}
    out["host"] = _host(values["url"])
    return out


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(audit_log.c.id, audit_log.c.before, audit_log.c.after)
                        .where(audit_log.c.action.like('webhook.%'))).all()
    for row in rows:
        before, after = _redacted(row.before), _redacted(row.after)
        if before is not row.before or after is not row.after:
            bind.execute(audit_log.update().where(audit_log.c.id == row.id)
                         .values(before=before, after=after))


def downgrade():
    # The URLs are gone from the log; the endpoints themselves still hold them.
    pass
