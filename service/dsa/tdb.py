"""The EU DSA Transparency Database's statement fields and allowed values, in one place.

Read from the Commission's public source, repository digital-services-act/
transparency-database: app/Models/Statement.php (the value lists) and
app/Http/Requests/StatementStoreRequest.php (which fields are required, and when). The
API takes the lists' keys (e.g. "DECISION_GROUND_ILLEGAL_CONTENT"); automated_detection,
automated_decision and incompatible_content_illegal take "Yes" or "No".
"""

from __future__ import annotations

YES, NO = "Yes", "No"

DECISION_VISIBILITIES = (
    "DECISION_VISIBILITY_CONTENT_REMOVED",
    "DECISION_VISIBILITY_CONTENT_DISABLED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "DECISION_VISIBILITY_OTHER",
)
DECISION_GROUNDS = ("DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT")
CONTENT_TYPES = (
    "CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT",
    "CONTENT_TYPE_SYNTHETIC_MEDIA", "CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO",
    "CONTENT_TYPE_OTHER",
)
CATEGORIES = (
    "STATEMENT_CATEGORY_PIRACY",
    "STATEMENT_CATEGORY_DISCRIMINATION",
    "STATEMENT_CATEGORY_COUNTERFEIT",
    "STATEMENT_CATEGORY_FRAUD",
    "STATEMENT_CATEGORY_TERRORISM",
    "STATEMENT_CATEGORY_CHILD_SAFETY",
    "STATEMENT_CATEGORY_NON_CONSENT",
    "STATEMENT_CATEGORY_MISINFORMATION",
    "STATEMENT_CATEGORY_VIOLATION_TOS",
    "STATEMENT_CATEGORY_UNCATEGORISED",
)
SOURCE_TYPES = ("SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_VOLUNTARY")
AUTOMATED = (YES, NO)
# The member states a decision's territorial scope may name.
EUROPEAN_COUNTRY_CODES = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)

# Field: allowed values (None: free text, with its longest length).
REQUIRED = {
    "decision_visibility": DECISION_VISIBILITIES,
    "decision_ground": DECISION_GROUNDS,
    "category": CATEGORIES,
    "source_type": SOURCE_TYPES,
    "automated_detection": AUTOMATED,
    "automated_decision": AUTOMATED,
}
# Free-text fields and their longest length.
TEXT_MAX = {
    "decision_visibility_other": 500,
    "illegal_content_legal_ground": 500,
    "illegal_content_explanation": 2000,
    "incompatible_content_ground": 500,
    "incompatible_content_explanation": 2000,
    "decision_facts": 5000,
    "url": 500,
    "puid": 500,
}
# Required whatever the ground.
REQUIRED_TEXT = ("decision_facts", "url", "puid", "application_date")
# Required with each ground.
GROUND_FIELDS = {
    "DECISION_GROUND_ILLEGAL_CONTENT": ("illegal_content_legal_ground",
                                        "illegal_content_explanation"),
    "DECISION_GROUND_INCOMPATIBLE_CONTENT": ("incompatible_content_ground",
                                             "incompatible_content_explanation"),
}
# application_date and end_date: "Y-m-d-H" in PHP's notation.
DATE_FORMAT = "%Y-%m-%d-%H"
