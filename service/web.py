"""Pages the service shows people: the front page."""

from flask import Blueprint, render_template

bp = Blueprint("web", __name__)


@bp.get("/")
def index():
    """Show the front page."""
    return render_template("index.html")
