"""The case endpoints are in the OpenAPI schema, generated without warnings, with their errors documented."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

CASE = "/api/v1/cases/{case_id}/"
INTERVENTION = CASE + "interventions/{intervention_id}/"
PATHS = {
    "/api/v1/cases/": {"get"},
    CASE: {"get"},
    CASE + "assessments/": {"get", "post"},
    CASE + "interventions/": {"get", "post"},
    INTERVENTION + "sessions/": {"post"},
    INTERVENTION + "end/": {"post"},
    CASE + "reviews/": {"get", "post"},
    CASE + "close/": {"post"},
    CASE + "assign/": {"post"},
    CASE + "status/": {"post"},
}


@pytest.fixture(scope="module")
def schema():
    GENERATOR_STATS.reset()
    generated = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    return generated, list(GENERATOR_STATS._warn_cache)


def test_every_case_operation_is_in_the_schema_without_warnings(schema):
    generated, warnings = schema
    validate_schema(generated)  # what `manage.py spectacular --validate` checks: valid OpenAPI 3
    cases = {path: set(operations) & {"get", "post", "patch", "put", "delete"}
             for path, operations in generated["paths"].items() if path.startswith("/api/v1/cases/")}
    assert cases == PATHS
    assert [warning for warning in warnings if "case" in warning.lower()] == []


def test_requests_responses_and_errors_are_documented(schema):
    generated, _ = schema
    paths, components = generated["paths"], generated["components"]["schemas"]
    listing = paths["/api/v1/cases/"]["get"]
    assert {parameter["name"] for parameter in listing["parameters"]} == {
        "status", "team", "risk_level", "lead_worker", "limit", "offset"}
    assert listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/CasePageOutput")
    assert {"200", "401", "403", "404"} <= set(paths[CASE]["get"]["responses"])
    for path, operations in PATHS.items():
        if "post" in operations:
            post = paths[path]["post"]
            assert {"400", "401", "403", "404", "409", "415"} <= set(post["responses"]), path
            assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"], path
    assessment = components["AssessmentInput"]["properties"]
    assert {"assessed_on", "ratings", "rating_notes", "summary", "plan", "overall_risk"} == set(assessment)
    assert components["CaseCloseAction"]["enum"] == ["propose", "approve", "decline"]
    assert components["CaseStatusMove"]["enum"] == ["assessment", "support", "review"]
    assert "actions" in components["CaseDetailOutput"]["properties"]
    assert set(components["ApiErrorOutput"]["properties"]) == {"detail", "code", "errors"}
