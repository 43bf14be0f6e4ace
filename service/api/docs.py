"""The API's own description: the OpenAPI document, built from the views' contracts."""

from flask import Blueprint, jsonify

from ..extensions import limiter
from . import spec
from .contract import ANY_OBJECT

bp = Blueprint("docs", __name__)


@bp.get("/openapi.json")
@spec.documented(responses={200: ANY_OBJECT}, rate_limited=False, database=False,
                 tags=("meta",))
@limiter.exempt
def openapi():
    """Describe this API as an OpenAPI 3 document."""
    return jsonify(spec.document())
