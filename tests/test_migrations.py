"""Migrations: they build exactly the schema the models describe, and undo cleanly."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from service.extensions import db


def test_migrated_schema_matches_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                db.metadata)
    assert diff == []


def test_downgrade_to_base_and_upgrade_again(make_app, tmp_path):
    app = make_app()
    directory = app.extensions["migrate"].directory
    with app.app_context():
        downgrade(directory=directory, revision="base")
        tables = set(sa.inspect(db.engine).get_table_names())
        assert tables <= {"alembic_version"}
        upgrade(directory=directory)
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables


def test_message_comment_ids_are_filled_in_from_stored_payloads(make_app):
    app = make_app()
    directory = app.extensions["migrate"].directory
    now = "2026-11-24 12:00:00"
    with app.app_context():
        downgrade(directory=directory, revision="0006_webhooks")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO webhook_endpoints (id, url, events, include_personal_data, status,"
                " secret, created_at, updated_at) VALUES (1, 'http://127.0.0.1:9/', '[]', false,"
                " 'active', 's', :now, :now)"), {"now": now})
            for msg_id, event, payload in (
                    ("m1", "comment.created",
                     '{"type":"comment.created","data":{"comment":{"id":41}}}'),
                    ("m2", "comment.reported",
                     '{"type":"comment.reported","data":{"comment":{"id":7},"report":{"id":3}}}'),
                    ("m3", "webhook.test", '{"type":"webhook.test","data":{"endpoint":1}}')):
                conn.execute(sa.text(
                    "INSERT INTO webhook_messages (endpoint_id, msg_id, event_type, payload,"
                    " status, attempts, next_attempt_at, created_at)"
                    " VALUES (1, :msg_id, :event, :payload, 'pending', 0, :now, :now)"),
                    {"msg_id": msg_id, "event": event, "payload": payload, "now": now})
        upgrade(directory=directory)
        found = db.session.execute(sa.text(
            "SELECT msg_id, comment_id FROM webhook_messages ORDER BY msg_id")).all()
        db.session.commit()
    assert [tuple(r) for r in found] == [("m1", 41), ("m2", 7), ("m3", None)]


def test_downgrading_the_webhook_columns_keeps_every_row(make_app):
    app = make_app()
    directory = app.extensions["migrate"].directory
    now = "2026-11-24 12:00:00"
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO webhook_endpoints (id, url, events, include_personal_data, status,"
                " secret, created_at, updated_at) VALUES (1, 'http://127.0.0.1:9/', '[]', false,"
                " 'active', 's', :now, :now)"), {"now": now})
            conn.execute(sa.text(
                "INSERT INTO webhook_messages (id, endpoint_id, msg_id, event_type, payload,"
                " status, attempts, next_attempt_at, created_at, comment_id)"
                " VALUES (1, 1, 'm1', 'comment.created', '{}', 'failed', 1, :now, :now, 5)"),
                {"now": now})
            conn.execute(sa.text(
                "INSERT INTO webhook_attempts (message_id, endpoint_id, attempted_at,"
                " duration_ms, error) VALUES (1, 1, :now, 3, 'HTTP 500')"), {"now": now})
        downgrade(directory=directory, revision="0006_webhooks")
        counts = [db.session.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("webhook_endpoints", "webhook_messages", "webhook_attempts")]
        db.session.commit()
        upgrade(directory=directory)
    assert counts == [1, 1, 1]
