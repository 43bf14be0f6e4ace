"""The health check load balancers and operators poll."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter
from .contract import HealthOut
from .spec import documented

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@documented(responses={200: HealthOut, 503: HealthOut}, rate_limited=False, database=False,
            tags=("meta",))
@limiter.exempt
def healthz():
    """Report whether the service can reach its database."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
