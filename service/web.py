"""Pages and files the service shows people: the demo article and the widget's assets."""

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory

bp = Blueprint("web", __name__)

WIDGET_DIR = Path(__file__).resolve().parent / "static" / "widget"
# Widget file names are stable (pages embed /widget/embed.js), so caches revalidate often.
WIDGET_MAX_AGE = 300


@bp.get("/")
def demo():
    """Show a demo article page with the comments widget embedded."""
    if not current_app.config["DEMO_PAGE"]:
        abort(404)
    # Its content security policy comes from service/security.py, like every page's.
    return render_template("demo.html")


@bp.get("/widget/<path:filename>")
def widget(filename: str):
    """Serve a built widget file with validators and a short public cache lifetime."""
    response = send_from_directory(WIDGET_DIR, filename, max_age=WIDGET_MAX_AGE)
    response.cache_control.public = True
    return response
