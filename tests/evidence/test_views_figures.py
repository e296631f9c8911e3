"""/evidence/ (the authority's own figures) and /evidence/pooled/ (the sharing authorities' figures): who may see
them, what they show, and a fixed number of queries however much data there is."""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.evidence.conftest import admin_of, share
from tests.evidence.test_figures import fill

pytestmark = pytest.mark.django_db
OVERVIEW, POOLED = reverse("evidence:overview"), reverse("evidence:pooled")


@pytest.mark.parametrize("url", [OVERVIEW, POOLED])
@pytest.mark.parametrize("persona", ["practitioner", "admin_member", "dpo"])
def test_only_leads_and_managers_see_the_figures(url, persona, request, client_for, agreement):
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 403


@pytest.mark.parametrize("url", [OVERVIEW, POOLED])
def test_the_figures_are_read_only_and_need_sign_in(url, lead, client_for, client, agreement):
    assert client_for(lead).post(url).status_code == 405
    assert client.get(url).status_code == 302


def test_the_overview_shows_the_authoritys_tables(home_rows, lead, manager, client_for):
    fill(home_rows, random.Random(2), cases=12)
    page = client_for(manager).get(OVERVIEW).content.decode()
    for title in ("How interventions ended, by type of intervention", "by type of concern", "by age when they started",
                  "Court applications, by type and outcome", "Challenges to interventions",
                  "Referrals received and engagement sessions held, by month", "Every combination of intervention"):
        assert title in page
    assert "withheld" not in page


def test_the_overview_says_so_when_nothing_has_ended(home_rows, lead, client_for):
    page = client_for(lead).get(OVERVIEW).content.decode()
    assert "No intervention has ended with an outcome yet." in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_pages_run_a_fixed_number_of_queries(home_rows, away_rows, lead, away_admin, client_for):
    share(admin_of(lead.authority, "ada.homeadmin"))
    share(away_admin)
    rng = random.Random(4)
    fill(home_rows, rng, cases=4)
    fill(away_rows, rng, cases=4)
    client = client_for(lead)
    before = [_queries(client, OVERVIEW), _queries(client, POOLED)]
    fill(home_rows, rng, cases=20)
    fill(away_rows, rng, cases=20)
    assert [_queries(client, OVERVIEW), _queries(client, POOLED)] == before


def test_pooled_figures_explain_disclosure_control_and_publish_no_count_from_1_to_4(
        home_rows, away_rows, lead, away_admin, client_for):
    share(admin_of(lead.authority, "ada.homeadmin"))
    share(away_admin)
    rng = random.Random(6)
    fill(home_rows, rng, cases=15)
    fill(away_rows, rng, cases=15)
    page = client_for(lead).get(POOLED).content.decode()
    assert "any count from 1 to 4 is withheld" in page and "rounded to the nearest 5" in page
    cells = re.findall(r'govuk-table__cell--numeric">(?:<strong>)?([^<]*)<', page)
    assert cells and "withheld" in page
    for cell in cells:
        assert cell == "" or int(cell) % 5 == 0, cell


def test_pooled_figures_are_refused_to_an_authority_that_does_not_share(lead, away_admin, client_for, agreement):
    share(away_admin)
    page = client_for(lead).get(POOLED).content.decode()
    assert "Your authority does not share its evidence base" in page
    assert "govuk-table__cell" not in page


def test_the_menu_links_each_role_to_its_part_of_the_evidence_base(lead, practitioner, admin_member, dpo, client_for,
                                                                   agreement):
    home = reverse("home")
    assert f'href="{OVERVIEW}"' in client_for(lead).get(home).content.decode()
    assert f'href="{reverse("evidence:notes")}"' in client_for(practitioner).get(home).content.decode()
    assert f'href="{reverse("evidence:sharing")}"' in client_for(admin_member).get(home).content.decode()
    assert "/evidence/" not in client_for(dpo).get(home).content.decode()
