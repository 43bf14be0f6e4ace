"""The API contract: each view declares it with @documented; the OpenAPI document is built.

    @bp.post("/comments")
    @documented(body=CommentIn, responses={201: SubmittedOut}, errors={403: "..."})
    @limiter.limit(comments_limit)
    def post_comment(): ...

The document lists every rule whose view carries a contract. Error statuses follow from
the contract (a body can be malformed or too large, a query invalid, a path id unknown,
a token missing or too weak, the database away), so no view repeats them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from .. import fields as margin_fields
from .contract import ErrorOut

OPENAPI_VERSION = "3.0.3"
SECURITY_SCHEME = "bearer"
_EXTENSION_KEY = "margin.openapi"
_PATH_ARGUMENT = re.compile(
    r"<(?:(?P<converter>\w+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")
_CONVERTER_TYPES = {"int": {"type": "integer", "minimum": 0, "maximum": margin_fields.MAX_ID},
                    "float": {"type": "number"}}
# Control and direction-override characters are refused in every text field; saying so
# in the document keeps generated requests close to what a real client sends.
_DIRECTION = "\\u202a-\\u202e\\u2066-\\u2069"
_NO_CONTROLS = f"^[^\\x00-\\x1f\\x7f-\\x9f{_DIRECTION}]*$"
_NO_CONTROLS_MULTILINE = f"^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_DIRECTION}]*$"

# status: (component name, description). Every one answers with the common error shape.
ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "`validation_failed` (every bad field is named in `fields`) or "
                        "`invalid_json` (not JSON, not UTF-8, too deep, not an object)."),
    401: ("Unauthorized", "`unauthorized`: no bearer token, or an unknown or revoked one."),
    403: ("Forbidden", "`forbidden`: the token's role does not allow this."),
    404: ("NotFound", "`not_found`: no such resource."),
    409: ("Conflict", "`conflict`: the resource is not in a state that allows this."),
    413: ("PayloadTooLarge", "`payload_too_large`: the body is over MAX_CONTENT_LENGTH."),
    415: ("UnsupportedMediaType", "`unsupported_media_type`: send application/json."),
    429: ("RateLimited", "`rate_limited`: too many requests; wait `Retry-After` seconds."),
    503: ("ServiceUnavailable", "`service_unavailable`: the database (or, when configured "
                                "to fail closed, the rate-limit storage) is unreachable; "
                                "retry after `Retry-After` seconds."),
}
_RETRY_AFTER = {"description": "Seconds to wait before trying again.",
                "schema": {"type": "integer", "minimum": 0}}


@dataclass(frozen=True)
class Contract:
    """What a view accepts and answers, as declared next to it."""

    # Success status to a marshmallow schema (class or instance), a JSON schema, or None.
    responses: dict[int, Any]
    body: Any = None  # the JSON body's schema
    body_required: bool = True
    query: Any = None  # the query string's schema
    auth: str | None = None  # the role a bearer token needs; adds 401 and 403
    # Extra error statuses with what they mean here (None: the shared description).
    errors: dict[int, str | None] = field(default_factory=dict)
    headers: dict[int, dict[str, str]] = field(default_factory=dict)  # response headers
    request_headers: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"
    rate_limited: bool = True  # adds 429
    database: bool = True  # adds 503
    tags: tuple[str, ...] = ()


def documented(**declared: Any) -> Callable:
    """Attach a view's contract (the fields of Contract) to it."""
    contract = Contract(**declared)

    def decorator(view: Callable) -> Callable:
        view.__contract__ = contract
        return view

    return decorator


def contract_of(view: Callable) -> Contract | None:
    """Return the contract a view declared, if any."""
    return getattr(view, "__contract__", None)


def document(app: Flask | None = None) -> dict:
    """Return the app's OpenAPI document, built once from its registered views."""
    app = app or current_app
    if _EXTENSION_KEY not in app.extensions:
        with app.app_context():
            app.extensions[_EXTENSION_KEY] = _build(app)
    return app.extensions[_EXTENSION_KEY]


def documented_operations(doc: dict) -> set[tuple[str, str]]:
    """Return (METHOD, OpenAPI path) for every operation in a document."""
    return {(method.upper(), path) for path, item in doc["paths"].items() for method in item}


def openapi_path(rule: str) -> str:
    """Turn a werkzeug rule (/tokens/<int:id>) into an OpenAPI path (/tokens/{id})."""
    return _PATH_ARGUMENT.sub(lambda m: "{" + m["name"] + "}", rule)


def _build(app: Flask) -> dict:
    # Imported when the document is first asked for: serving workers rarely are.
    from apispec import APISpec
    from apispec.ext.marshmallow import MarshmallowPlugin

    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Margin API", version="1", openapi_version=OPENAPI_VERSION, plugins=[plugin],
        info={"description": "Comments for news sites. Every failure answers with the "
                             "common error shape (`Error`); unknown paths are 404 and "
                             "undeclared methods 405 with an `Allow` header."},
    )
    plugin.converter.add_attribute_function(_text_properties)
    spec.components.schema("Error", schema=ErrorOut)
    spec.components.security_scheme(SECURITY_SCHEME, {
        "type": "http", "scheme": "bearer",
        "description": "A moderator token (`margin token create`).",
    })
    for status, (name, description) in ERRORS.items():
        response = {"description": description,
                    "content": {"application/json": {"schema": "Error"}}}
        if status in (429, 503):
            response["headers"] = {"Retry-After": _RETRY_AFTER}
        spec.components.response(name, response)

    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
    for rule in rules:
        contract = contract_of(app.view_functions[rule.endpoint])
        if contract is None:
            continue
        view = app.view_functions[rule.endpoint]
        methods = sorted(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
        spec.path(path=openapi_path(rule.rule),
                  operations={m: _operation(rule.rule, rule.endpoint, view, contract)
                              for m in methods})
    return spec.to_dict()


def _operation(rule: str, endpoint: str, view: Callable, contract: Contract) -> dict:
    summary = (view.__doc__ or endpoint).strip().splitlines()[0]
    operation: dict[str, Any] = {"operationId": endpoint, "summary": summary,
                                 "responses": {}, "parameters": []}
    if contract.tags:
        operation["tags"] = list(contract.tags)
    path_arguments = list(_PATH_ARGUMENT.finditer(rule))
    for match in path_arguments:
        operation["parameters"].append({"in": "path", "name": match["name"], "required": True,
                                        "schema": _path_schema(match)})
    if contract.query is not None:
        operation["parameters"].append({"in": "query", "schema": contract.query})
    for name, description in contract.request_headers.items():
        operation["parameters"].append({"in": "header", "name": name, "required": False,
                                        "description": description,
                                        "schema": {"type": "string"}})
    if contract.body is not None:
        operation["requestBody"] = {"required": contract.body_required,
                                    "content": {"application/json": {"schema": contract.body}}}
    if contract.auth:
        operation["security"] = [{SECURITY_SCHEME: []}]
        operation["description"] = f"Needs a bearer token with the `{contract.auth}` role."

    for status, schema in contract.responses.items():
        operation["responses"][str(status)] = _success(status, schema, contract)
    errors: dict[int, str | None] = {}
    if contract.body is not None:
        errors.update({400: None, 413: None, 415: None})
    if contract.query is not None or path_arguments:
        errors[400] = None
    if path_arguments:
        errors[404] = None
    if contract.auth:
        errors.update({401: None, 403: None})
    if contract.rate_limited:
        errors[429] = None
    if contract.database:
        errors[503] = None
    errors.update(contract.errors)
    for status, description in sorted(errors.items()):
        operation["responses"][str(status)] = _error(status, description)
    if not operation["parameters"]:
        del operation["parameters"]
    return operation


def _path_schema(match: re.Match) -> dict:
    if match["converter"] == "any":
        # <any(approve, reject):action> takes exactly one of its options.
        return {"type": "string",
                "enum": [o.strip().strip("'\"") for o in match["options"].split(",")]}
    return dict(_CONVERTER_TYPES.get(match["converter"] or "", {"type": "string"}))


def _success(status: int, schema: Any, contract: Contract) -> dict:
    response: dict[str, Any] = {"description": _REASONS.get(status, "Success.")}
    if schema is not None:
        media = contract.media_type
        response["content"] = {media: {"schema": schema}} if media == "application/json" \
            else {media: {"schema": {"type": "string"}}}
    if status in contract.headers:
        response["headers"] = {name: {"description": text, "schema": {"type": "string"}}
                               for name, text in contract.headers[status].items()}
    return response


def _error(status: int, description: str | None) -> dict:
    if status in ERRORS and description is None:
        return {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    response: dict[str, Any] = {"description": description or "An error.",
                                "content": {"application/json": {"schema": "Error"}}}
    if status in (429, 503):
        response["headers"] = {"Retry-After": _RETRY_AFTER}
    return response


_REASONS = {200: "OK.", 201: "Created.", 204: "No content.", 304: "Not modified: the "
            "If-None-Match tag still matches.", 503: "The database is unreachable."}


def _text_properties(self, field, **kwargs) -> dict:
    """Describe the configured limits of Margin's text fields."""
    props: dict[str, Any] = {}
    if isinstance(field, margin_fields.Text):
        props["maxLength"] = current_app.config[field.max_key]
        if field.min_key:
            props["minLength"] = current_app.config[field.min_key]
        elif not field.blank_ok:
            props["minLength"] = 1
    if isinstance(field, margin_fields.Plain) and not isinstance(field, margin_fields.WebURL):
        props["pattern"] = _NO_CONTROLS_MULTILINE if field.multiline else _NO_CONTROLS
    if isinstance(field, margin_fields.WebURL):
        props["description"] = "An http or https URL; an empty string means none."
    if getattr(field, "max_items_key", None):
        props.update(minItems=1, maxItems=current_app.config[field.max_items_key])
    if isinstance(field, margin_fields.Email):
        props.update(format="email", maxLength=current_app.config["EMAIL_MAX_LENGTH"])
    return props
