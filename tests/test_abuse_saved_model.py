"""The model learned from decisions is saved by the workers; a new process starts from it."""

from __future__ import annotations

import zlib

import pytest
import sqlalchemy as sa

from service import abuse
from service.abuse.learning import DIM, AbuseModel, LiveModel
from service.abuse.snapshot import save
from service.config import Defaults
from service.extensions import db
from service.models import Role
from service.models.abuse import AbuseFeedback, AbuseLabel, AbuseModelSnapshot
from tests.helpers.app import API
from tests.helpers.moderation import Mod, make_token
from tests.helpers.webhooks import drain

SETTINGS = {"ABUSE_THRESHOLD": Defaults.ABUSE_THRESHOLD,
            "ABUSE_THRESHOLD_FR": Defaults.ABUSE_THRESHOLD_FR}
RUDE = "Ratio, clown. Log off and touch grass, muppet."
PLAIN = "The council should have published the tender documents before the vote."


def decide(app) -> None:
    api = API(app, app.test_client())
    mod = Mod(api.client, make_token(app, Role.MODERATOR, name="desk"))
    rude = api.post_comment(body=RUDE).json["id"]
    plain = api.post_comment(body=PLAIN).json["id"]
    assert mod.post(f"/comments/{rude}/reject", {"reason_code": "harassment"}).status_code == 200
    assert mod.post(f"/comments/{plain}/reject", {"reason_code": "off_topic"}).status_code == 200
    assert mod.post(f"/comments/{plain}/approve").status_code == 200


def saved(app) -> AbuseModelSnapshot | None:
    with app.app_context():
        row = db.session.get(AbuseModelSnapshot, 1)
        db.session.expunge_all()
        return row


def test_the_worker_saves_the_learned_weights(make_app):
    app = make_app(SETTINGS)
    decide(app)
    assert saved(app) is None
    drain(app)
    row = saved(app)
    with app.app_context():
        newest = db.session.execute(sa.select(sa.func.max(AbuseFeedback.id))).scalar_one()
        live = abuse.live_model()
        assert row.applied == newest == live.applied
        assert AbuseModel.loads(row.weights).weights == live.model.weights
        assert save(live) is False  # nothing new since


def test_a_new_process_starts_from_the_saved_weights_and_adds_later_decisions(make_app):
    first = make_app(SETTINGS)
    decide(first)
    with first.app_context():
        assert save(abuse.live_model()) is True
        taught = AbuseModel.loads(db.session.get(AbuseModelSnapshot, 1).weights)
        # Gone from the table (all but the newest, whose id keeps later ids growing): a new
        # process can only know them from the saved weights.
        last = db.session.execute(sa.select(sa.func.max(AbuseFeedback.id))).scalar_one()
        db.session.execute(sa.delete(AbuseFeedback).where(AbuseFeedback.id < last))
        db.session.commit()
    second = make_app(SETTINGS)
    with second.app_context():
        fresh = LiveModel()
        assert fresh.refresh().weights == taught.weights
        db.session.add(AbuseFeedback(label=AbuseLabel.ABUSE, text="utter muppet", actor="t"))
        db.session.commit()
        newest = db.session.execute(sa.select(sa.func.max(AbuseFeedback.id))).scalar_one()
        assert fresh.refresh().weights != taught.weights
        assert fresh.applied == newest
        assert save(fresh) is True and saved(second).applied == newest


def test_a_later_save_never_goes_back(make_app):
    app = make_app(SETTINGS)
    decide(app)
    with app.app_context():
        ahead = abuse.live_model()
        assert save(ahead) is True
        behind = LiveModel()
        behind.applied = 1
        behind._started = True  # as a process that replayed only the first decision
        behind._checked = float("inf")
        assert save(behind) is False
    assert saved(app).applied == ahead.applied


def test_weights_of_another_size_are_refused():
    with pytest.raises(ValueError, match=f"not {DIM}"):
        AbuseModel.loads(zlib.compress(bytes(8)))
