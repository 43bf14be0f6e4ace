"""The moderation blueprint, which every moderation view module registers its routes on."""

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
