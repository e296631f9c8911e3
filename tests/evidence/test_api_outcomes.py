"""GET /api/v1/evidence/outcomes/: the same figures as the evidence pages, for leads and managers only, and in the
OpenAPI schema."""

import random

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from accounts.services import api_token_create
from cases.services._common import today
from evidence import figures
from evidence.services import opted_in_authority_ids
from tests.evidence.conftest import admin_of, share
from tests.evidence.test_figures import fill

pytestmark = pytest.mark.django_db
URL = reverse("api:evidence-outcomes")


def bearer(membership) -> dict:
    _, secret = api_token_create(membership=membership, name="evidence", days=1, actor=None, mfa_verified=False)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_api_gives_the_same_figures_as_the_pages(home_rows, away_rows, lead, away_admin, client_for):
    share(admin_of(lead.authority, "ada.homeadmin"))
    share(away_admin)
    rng = random.Random(8)
    fill(home_rows, rng, cases=15)
    fill(away_rows, rng, cases=15)
    body = Client().get(URL, **bearer(lead)).json()
    own = figures.authority_figures(lead.authority, today()).as_data()
    pooled = figures.pooled_figures(lead.authority_id, opted_in_authority_ids()).as_data()
    assert body == {"authority": own, "pooled": pooled}
    assert body["pooled"]["available"] and body["pooled"]["authorities"] == 2
    counts = [value for table in body["pooled"]["tables"] for row in [*table["rows"], table["totals"]]
              for value in [*row["counts"], row["total"]]]
    assert None in counts and all(value is None or value % 5 == 0 for value in counts)
    page = client_for(lead).get(reverse("evidence:overview")).content.decode()
    assert f"{own['interventions_ended']} intervention" in page


def test_the_pooled_part_is_empty_for_an_authority_that_does_not_share(home_rows, lead, away_admin, client_for):
    share(away_admin)
    body = client_for(lead).get(URL).json()
    assert body["pooled"]["available"] is False and "tables" not in body["pooled"]
    assert body["authority"]["authority"] == lead.authority.name


@pytest.mark.parametrize("persona", ["practitioner", "admin_member", "dpo"])
def test_other_roles_are_refused(persona, request, agreement):
    response = Client().get(URL, **bearer(request.getfixturevalue(persona)))
    assert response.status_code == 403 and response.json()["detail"] == "Your role does not allow this."


def test_no_credentials_is_401_and_writing_is_405(lead, agreement):
    assert Client().get(URL).status_code == 401
    assert Client().post(URL, **bearer(lead)).status_code == 405


def test_a_fixed_number_of_queries(home_rows, lead, client_for):
    client = client_for(lead)
    fill(home_rows, random.Random(1), cases=3)
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    fill(home_rows, random.Random(2), cases=20)
    with CaptureQueriesContext(connection) as second:
        client.get(URL)
    assert len(first.captured_queries) == len(second.captured_queries)


def test_the_endpoint_is_in_the_schema():
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    validate_schema(schema)
    operation = schema["paths"]["/api/v1/evidence/outcomes/"]["get"]
    assert set(operation["responses"]) == {"200", "401", "403"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/EvidenceOutcomesOutput")
    assert {"authority", "pooled"} == set(schema["components"]["schemas"]["EvidenceOutcomesOutput"]["properties"])
