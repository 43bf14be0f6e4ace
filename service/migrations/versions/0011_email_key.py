"""Comments: a lower-cased address key every lookup compares; spam examples keyed alike.

email-validator lower-cases only an address's domain, so Alice.Smith@example.com was
stored as written while erase, export, bans and the queue compared lower-cased text: her
comments were never found. Lookups now go through comments.email_key, filled here for
existing rows (in Python, so that non-ASCII letters lower-case as they do at run time).

Revision ID: 0011_email_key
Revises: 0010_reports_open
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_email_key'
down_revision = '0010_reports_open'
branch_labels = None
depends_on = None

_BATCH = 1000


def _key(address):
    # service.models.email_key, copied: a migration must not change with the code.
    return address.strip().lower()


def _backfill(table, source, target):
    """Set target = key(source) on every row where it differs, in batches of ids."""
    conn = op.get_bind()
    rows = sa.table(table, sa.column('id', sa.Integer), sa.column(source, sa.String),
                    sa.column(target, sa.String))
    # Most addresses are ASCII: SQL's lower() gives them their key in one statement; the
    # walk below then corrects the rows where it and Python's differ (non-ASCII letters).
    op.execute(rows.update().where(rows.c[source].is_not(None))
               .values({target: sa.func.lower(sa.func.trim(rows.c[source]))}))
    update = (rows.update().where(rows.c.id == sa.bindparam('row_id'))
              .values({target: sa.bindparam('key')}))
    last = 0
    while True:
        batch = conn.execute(
            sa.select(rows.c.id, rows.c[source], rows.c[target])
            .where(rows.c.id > last, rows.c[source].is_not(None))
            .order_by(rows.c.id).limit(_BATCH)).all()
        if not batch:
            break
        last = batch[-1].id
        fixes = [{'row_id': row.id, 'key': _key(row[1])} for row in batch
                 if row[2] != _key(row[1])]
        if fixes:
            conn.execute(update, fixes)


def upgrade():
    with op.batch_alter_table('comments', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('email_key', sa.String(length=320), nullable=True))
    _backfill('comments', 'email', 'email_key')
    # Reputation looks up the spam filter's examples by the same key.
    _backfill('spam_feedback', 'email', 'email')
    op.create_index('ix_comments_email_key_status', 'comments', ['email_key', 'status'],
                    unique=False)
    op.drop_index('ix_comments_email_status', table_name='comments')


def downgrade():
    op.create_index('ix_comments_email_status', 'comments', ['email', 'status'], unique=False)
    op.drop_index('ix_comments_email_key_status', table_name='comments')
    # Never a copy of the table on SQLite (see 0007): SQLite 3.35+ drops a column in place.
    with op.batch_alter_table('comments', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('email_key')
