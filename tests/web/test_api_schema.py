"""The JSON API against its own OpenAPI schema (schemathesis): no server errors, responses
that conform to the schema, for a few generated examples per operation."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from svidok.protect.roles import Principal
from svidok.web.auth import COOKIE, Session

# Signing in or out would change the session the other operations use.
SKIPPED = {("POST", "/api/v1/session"), ("DELETE", "/api/v1/session")}


@pytest.fixture(scope="module")
def admin_headers(web_app):
    state = web_app.state.web
    session = Session.for_principal(Principal("admin", "admin"))
    return {"Cookie": f"{COOKIE}={state.codec.dumps(session)}", "X-CSRF-Token": session.csrf}


# schemathesis's own strategies use the `random` module; Hypothesis says so once per process,
# on whichever example comes first (a third-party deprecation, not our code).
@pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)
def test_the_api_conforms_to_its_schema(web_app, admin_headers):
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web_app)
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=4, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(HealthCheck),
        )  # fmt: skip
        def check(case: schemathesis.Case) -> None:
            # A file's kind is its name's suffix, which the schema cannot say.
            excluded = [positive_data_acceptance] if case.path == "/api/v1/imports" else []
            case.call_and_validate(headers=admin_headers, excluded_checks=excluded)

        check()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert len(checked) >= 15, checked
