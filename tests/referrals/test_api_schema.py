"""The referral endpoints are in the OpenAPI schema, generated without warnings, with their errors documented."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/referrals/": {"get", "post"},
    "/api/v1/referrals/{referral_id}/": {"get"},
    "/api/v1/referrals/{referral_id}/history/": {"get"},
    "/api/v1/referrals/{referral_id}/decide/": {"post"},
    "/api/v1/referrals/{referral_id}/assign/": {"post"},
    "/api/v1/referrals/{referral_id}/screening/": {"post"},
    "/api/v1/referrals/{referral_id}/notes/": {"post"},
    "/api/v1/referrals/{referral_id}/withdraw/": {"post"},
}


@pytest.fixture(scope="module")
def schema():
    GENERATOR_STATS.reset()
    generated = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    return generated, list(GENERATOR_STATS._warn_cache)


def test_every_referral_operation_is_in_the_schema_without_warnings(schema):
    generated, warnings = schema
    referrals = {path: set(operations) & {"get", "post", "patch", "put", "delete"}
                 for path, operations in generated["paths"].items() if "/referrals/" in path}
    assert referrals == PATHS
    assert [warning for warning in warnings if "referral" in warning.lower()] == []


def test_requests_responses_and_errors_are_documented(schema):
    generated, _ = schema
    paths, components = generated["paths"], generated["components"]["schemas"]
    create = paths["/api/v1/referrals/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ReferralCreateInput")
    assert {"200", "201", "400", "401", "403", "409", "415"} <= set(create["responses"])
    assert [parameter["name"] for parameter in create["parameters"]] == ["Idempotency-Key"]
    decide = paths["/api/v1/referrals/{referral_id}/decide/"]["post"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(decide["responses"])
    listing = {parameter["name"] for parameter in paths["/api/v1/referrals/"]["get"]["parameters"]}
    assert listing == {"status", "overdue", "team", "concern_type", "assigned_to_me", "limit", "offset"}
    assert {"first_name", "concern_types", "source_code", "consent"} <= set(
        components["ReferralCreateInput"]["properties"])
    assert components["SourceOfReferral"]["enum"][:3] == ["1A", "1B", "1C"]
    assert set(components["ApiErrorOutput"]["properties"]) == {"detail", "code", "errors"}
