"""The OpenAPI document: valid, served, and covering every route the app has."""

import pytest
from openapi_spec_validator import validate

from service.api import spec

# Pages and files people's browsers load, not API operations. Any other route must be
# in the document: a new one fails test_every_route_is_documented until it is.
UNDOCUMENTED = {"/", "/static/<path:filename>", "/widget/<path:filename>"}
# The console's pages and the data calls its own script makes (docs/console.md): a
# session cookie and a CSRF token, not an API for other programs.
CONSOLE = "/console/"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def app_operations(app) -> set[tuple[str, str]]:
    return {
        (method, spec.openapi_path(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule not in UNDOCUMENTED and not rule.rule.startswith(CONSOLE)
        for method in rule.methods - IGNORED_METHODS
    }


def test_document_is_served_and_valid_openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.is_json
    validate(response.json)
    assert response.json["openapi"].startswith("3.")


def test_every_route_is_documented_and_nothing_else(app):
    documented = spec.documented_operations(spec.document(app))
    routes = app_operations(app)
    assert routes - documented == set(), "routes without @documented (service/api/spec.py)"
    assert documented - routes == set()
    assert {path for _, path in routes if path.startswith("/api/v1/")}, "no API routes found"


def test_every_operation_documents_its_failures(app):
    doc = spec.document(app)
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            where = f"{method.upper()} {path}"
            if "requestBody" in operation:
                assert {"400", "413", "415"} <= statuses, where
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                assert {"400", "404"} <= statuses, where
            if "security" in operation:
                assert {"401", "403"} <= statuses, where
            if path.startswith("/api/v1/") and path != "/api/v1/openapi.json":
                assert {"429", "503"} <= statuses, where
            assert any(s.startswith("2") for s in statuses), where


def test_error_shape_is_one_shared_component(app):
    doc = spec.document(app)
    error = doc["components"]["schemas"]["ErrorBody"]
    assert set(error["required"]) == {"code", "message", "fields"}
    for status in ("400", "413", "415", "429", "503"):
        name = spec.ERRORS[int(status)][0]
        response = doc["components"]["responses"][name]
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"}
    assert "Retry-After" in doc["components"]["responses"]["RateLimited"]["headers"]
    assert "Retry-After" in doc["components"]["responses"]["ServiceUnavailable"]["headers"]


def test_limits_come_from_the_app_config(make_app):
    app = make_app({"BODY_MAX_LENGTH": 1234, "AUTHOR_MAX_LENGTH": 40})
    props = spec.document(app)["components"]["schemas"]["CommentIn"]["properties"]
    assert props["body"]["maxLength"] == 1234
    assert props["author"]["maxLength"] == 40


@pytest.mark.parametrize("rule, path", [
    ("/api/v1/comments", "/api/v1/comments"),
    ("/api/v1/moderation/comments/<int:comment_id>", "/api/v1/moderation/comments/{comment_id}"),
    ("/a/<path:rest>/b/<name>", "/a/{rest}/b/{name}"),
])
def test_rule_to_openapi_path(rule, path):
    assert spec.openapi_path(rule) == path


def test_path_converters_become_typed_parameters():
    from flask import Flask

    app = Flask(__name__)

    @app.post("/items/<int:item_id>/<any(approve, 'reject'):action>")
    @spec.documented(responses={200: None}, database=False, rate_limited=False)
    def decide(item_id, action):
        """Decide."""

    [operation] = spec.document(app)["paths"]["/items/{item_id}/{action}"].values()
    params = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert params == {"item_id": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
                      "action": {"type": "string", "enum": ["approve", "reject"]}}
    assert {"400", "404"} <= set(operation["responses"])
