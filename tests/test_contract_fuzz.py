"""Schemathesis against a live server: generated requests for every documented operation,
valid and invalid, never a 5xx, every answer as the OpenAPI document says."""

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.extensions import db
from service.models import Comment, Role
from tests.live_server import serving
from tests.moderation_helpers import bearer, make_token

pytestmark = pytest.mark.slow

# Examples per operation and generation mode; a run's total is printed (see docs/security.md).
EXAMPLES = int(os.environ.get("MARGIN_FUZZ_EXAMPLES", "10"))
# Examples for the operations a run is not about: public ones with a token, secured ones
# without (those answer 401 whatever the input).
FEW = 2
LOCAL_HOOK = "http://127.0.0.1:9/hook"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


@pytest.fixture
def live(make_app):
    app = make_app({f"RATELIMIT_{kind}": "1000000/minute"
                    for kind in ("COMMENTS", "READS", "MODERATION", "REPORTS")})
    with serving(app) as base:
        yield app, base


def fuzz(schema, base: str, headers_for, examples_for) -> dict[str, int]:
    """Run every operation's generated cases; return the number of requests per operation."""
    return {operation.label: _fuzz_operation(operation, base, headers_for(operation),
                                             examples_for(operation))
            for operation in (result.ok() for result in schema.get_all_operations())}


def _fuzz_operation(operation, base: str, headers: dict, examples: int) -> int:
    strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    if _has_inputs(operation):
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    made = 0

    @given(case=st.one_of(*strategies))
    @settings(max_examples=examples * len(strategies), deadline=None, derandomize=True,
              database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def check(case):
        nonlocal made
        _stay_local(case)
        response = case.call(base_url=base, headers=headers, timeout=10)
        made += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()
    return made


def _stay_local(case) -> None:
    # A webhook URL's host is resolved when an endpoint is saved: a generated host name
    # would send DNS queries off this machine. Everything else stays as generated.
    if isinstance(case.body, dict) and isinstance(case.body.get("url"), str) \
            and "/webhooks" in case.path:
        case.body["url"] = LOCAL_HOOK


def _has_inputs(operation) -> bool:
    definition = operation.definition.raw
    return bool(definition.get("parameters") or definition.get("requestBody"))


def _secured(operation) -> bool:
    return bool(operation.definition.raw.get("security"))


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_generated_requests_never_fail_and_match_the_document(live, who, capsys):
    app, base = live
    # from_dict: loaded from its URL, Schemathesis would leave the document's own path out.
    document = requests.get(f"{base}/api/v1/openapi.json", timeout=10).json()
    schema = schemathesis.openapi.from_dict(document)
    if who == "admin":
        # A fresh token per operation: a generated DELETE may revoke the one before.
        made = fuzz(schema, base, lambda op: bearer(make_token(app, Role.ADMIN)),
                    lambda op: EXAMPLES if _secured(op) else FEW)
    else:
        made = fuzz(schema, base, lambda op: {},
                    lambda op: FEW if _secured(op) else EXAMPLES)
    total = sum(made.values())
    with capsys.disabled():
        print(f"\nschemathesis ({who}): {total} generated requests over {len(made)} "
              f"operations")
    documented = {f"{m.upper()} {p}" for p, item in document["paths"].items() for m in item}
    assert set(made) == documented
    assert all(n > 0 for n in made.values())
    if who == "anonymous":
        with app.app_context():
            # Valid generated submissions were stored: the fuzzing reached the database.
            assert db.session.execute(db.select(db.func.count(Comment.id))).scalar() > 0
