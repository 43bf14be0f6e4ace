"""The personal-data admin page: download everything about an address, or erase it."""

from __future__ import annotations

import json

from flask import render_template, request
from marshmallow import ValidationError

from ..models import Role
from ..moderation import personal_data
from ..moderation.schemas import email_in, erase_in
from .auth import current_actor, signed_in
from .blueprint import bp
from .forms import problems
from .i18n import t

MODES = ("anonymise", "remove")


def _page(status: int = 200, **extra):
    return render_template("console/admin_personal_data.html", modes=MODES, **extra), status


@bp.get("/admin/personal-data")
@signed_in(Role.ADMIN)
def admin_personal_data():
    """Show the export and erasure forms."""
    return _page()


@bp.post("/admin/personal-data/export")
@signed_in(Role.ADMIN)
def admin_personal_data_export():
    """Answer everything stored about an address as a JSON file to download."""
    try:
        email = email_in.load({"email": request.form.get("email", "")})["email"]
    except ValidationError as e:
        return _page(400, errors=problems(e), export_email=request.form.get("email", ""))
    data = personal_data.export(email, current_actor())
    # The file names nobody: the address stays out of download folders' listings.
    name = personal_data.subject_ref(email).replace(":", "-")
    return (json.dumps(data, ensure_ascii=False, indent=2), 200,
            {"Content-Type": "application/json; charset=utf-8",
             "Content-Disposition": f'attachment; filename="personal-data-{name}.json"'})


@bp.post("/admin/personal-data/erase")
@signed_in(Role.ADMIN)
def admin_personal_data_erase():
    """Erase an address once the admin has typed it twice and confirmed."""
    form = request.form
    typed = form.get("email", "")
    try:
        data = erase_in.load({"email": typed, "comments": form.get("comments", "")})
    except ValidationError as e:
        return _page(400, errors=problems(e), erase_email=typed)
    if form.get("confirm_email", "").strip().lower() != data["email"].strip().lower() \
            or form.get("confirm") != "yes":
        return _page(400, errors=[t("personal.confirm_needed")], erase_email=typed)
    result = personal_data.erase(data["email"], data["comments"], current_actor())
    return _page(200, erased=result)
