"""What the EU's DSA Transparency Database would refuse in an exported statement."""

from __future__ import annotations

from datetime import datetime

from service.dsa import tdb


def problems(line: dict) -> list[str]:
    """Return what in an exported line the Transparency Database would refuse."""
    found = [f"{name}: missing" for name in (*tdb.REQUIRED, *tdb.REQUIRED_TEXT,
                                                 "content_type") if not line.get(name)]
    for name, allowed in tdb.REQUIRED.items():
        if name in line and line[name] not in allowed:
            found.append(f"{name}: {line[name]!r} not allowed")
    for name, most in tdb.TEXT_MAX.items():
        if name in line and not (isinstance(line[name], str) and len(line[name]) <= most):
            found.append(f"{name}: longer than {most}")
    found += [f"{field}: missing for the ground" for field in
                 tdb.GROUND_FIELDS.get(line.get("decision_ground"), ()) if not line.get(field)]
    if line.get("decision_visibility") == "DECISION_VISIBILITY_OTHER" and not line.get(
            "decision_visibility_other"):
        found.append("decision_visibility_other: missing")
    if not set(line.get("content_type", [])) <= set(tdb.CONTENT_TYPES):
        found.append("content_type: not allowed")
    for code in line.get("territorial_scope", []):
        if code not in tdb.EUROPEAN_COUNTRY_CODES:
            found.append(f"territorial_scope: {code}")
    if line.get("incompatible_content_illegal") not in (None, tdb.YES, tdb.NO):
        found.append("incompatible_content_illegal")
    try:
        datetime.strptime(line.get("application_date", ""), tdb.DATE_FORMAT)
    except ValueError:
        found.append("application_date: not Y-m-d-H")
    return found
