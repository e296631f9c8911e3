"""/dashboard/: the page, its filters, who may see it, and that every number opens a list of exactly that many."""

import datetime as dt
import re
from html import unescape
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.reports.conftest import LARGER, SMALL, generated

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")
# A count and the address it opens: a stat box (not a percentage or a number of days) or a table cell.
STAT = re.compile(r'<a class="govuk-link thr-stat__link" href="([^"]+)"><span class="thr-stat__number">([\d,]+)</span> '
                  r'<span class="thr-stat__label">(?!working)')
CELL = re.compile(r'<a class="govuk-link" href="([^"]+)">(?:<strong>)?([\d,]+)(?:</strong>)?<span')
COUNTS = {
    "/referrals/": re.compile(r"(\d+) referrals?</caption>"),
    "/cases/": re.compile(r"(\d+) cases?</caption>"),
    "/dashboard/reviews/": re.compile(r"([\d,]+) reviews?</caption>"),
    "/dashboard/interventions/": re.compile(r"([\d,]+) interventions?</caption>"),
}


def number_links(html: str) -> list[tuple[str, int]]:
    return [(unescape(href), int(number.replace(",", ""))) for pattern in (STAT, CELL)
            for href, number in pattern.findall(html)]


def test_a_lead_sees_the_figures_for_the_last_90_days_by_default(gen):
    response = signed_in_client(gen.lead).get(URL)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["period"]["key"] == "90d" and figures["team"] is None
    text = response.text
    assert f"{figures['referrals']['received']:,}</span> <span class=\"thr-stat__label\">received" in text
    assert "all teams" in text and 'aria-current="page"' in text  # the Dashboard item in the menu
    for heading in ("Referrals", "Decisions", "Who was referred, and by whom", "Cases and reviews", "Interventions",
                    "Month by month"):
        assert f">{heading}</h2>" in text


def test_every_chart_is_an_accessible_svg_beside_a_table(gen):
    text = signed_in_client(gen.manager).get(URL, {"period": "12m"}).text
    charts = re.findall(r"<svg .*?</svg>", text, flags=re.S)
    assert len(charts) == 9
    for chart in charts:
        svg = ElementTree.fromstring(chart)
        title, desc = (svg.find(f"{{http://www.w3.org/2000/svg}}{tag}") for tag in ("title", "desc"))
        assert svg.get("role") == "img" and title.text and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert svg.findall(".//{http://www.w3.org/2000/svg}text")  # numbers and labels are text, not colour
    assert text.count('<table class="govuk-table thr-figure__table') >= 9


def test_each_number_opens_a_list_of_that_many(gen):
    """Follow every link of a number (stat boxes and table cells) and count the rows the list says it has."""
    client = signed_in_client(gen.lead)
    links = number_links(client.get(URL, {"period": "12m", "team": gen.teams["children"].pk}).text)
    followed = 0
    for href, number in links:
        if number == 0:
            continue
        path = href.split("?")[0]
        page = client.get(href)
        assert page.status_code == 200, href
        found = COUNTS[path].search(page.text)
        assert found, f"no count on {href}"
        assert int(found.group(1).replace(",", "")) == number, href
        followed += 1
    assert followed > 60


def test_the_period_and_team_filters(gen):
    client = signed_in_client(gen.lead)
    team = gen.teams["children"]
    response = client.get(URL, {"period": "30d", "team": team.pk})
    assert response.context["figures"]["period"]["key"] == "30d"
    assert response.context["figures"]["team"] == {"id": team.pk, "name": team.name}
    assert f"team={team.pk}" in response.text
    first = (gen.now - dt.timedelta(days=200)).date()
    response = client.get(URL, {"period": "custom", "date_from_day": first.day, "date_from_month": first.month,
                                "date_from_year": first.year, "date_to_day": "1", "date_to_month": "1",
                                "date_to_year": "2031"})
    assert response.status_code == 200 and "figures" not in response.context
    assert "The last day must be today or in the past" in response.text
    assert response.text.count("govuk-error-summary") >= 1
    response = client.get(URL, {"period": "custom", "date_from_day": "31", "date_from_month": "2",
                                "date_from_year": "2026"})
    assert "First day must be a real date" in response.text and "Enter the last day of the period" in response.text
    response = client.get(URL, {"period": "nonsense", "team": "999999"})
    assert "figures" not in response.context and "Select a valid choice" in response.text


def test_who_may_see_the_dashboard(gen, client):
    for membership in (gen.practitioner, gen.admin, gen.dpo):
        assert signed_in_client(membership).get(URL).status_code == 403
    assert client.get(URL).status_code == 302  # signed out: to the sign-in page
    assert signed_in_client(gen.lead).post(URL).status_code == 405
    assert 'href="/dashboard/"' not in signed_in_client(gen.practitioner).get(reverse("home")).text
    assert 'href="/dashboard/"' in signed_in_client(gen.lead).get(reverse("home")).text


def test_an_outsider_sees_only_their_own_authority(gen):
    from django_scopes import scopes_disabled

    from accounts.models import Membership

    with scopes_disabled():
        outsider = Membership.objects.get(user__username="oth2.manager")
    theirs = signed_in_client(outsider).get(URL, {"period": "12m"}).context["figures"]
    ours = signed_in_client(gen.manager).get(URL, {"period": "12m"}).context["figures"]
    assert theirs["referrals"]["received"] < ours["referrals"]["received"]
    # A team of another authority is not a choice: refused, not counted.
    response = signed_in_client(outsider).get(URL, {"team": gen.teams["children"].pk})
    assert "figures" not in response.context


def test_the_number_of_queries_stays_the_same_as_the_data_grows(db):
    counts = []
    for code, size in (("VSM", SMALL), ("VLG", LARGER)):
        client = signed_in_client(generated(code, size).lead)
        client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # The request's own (session, user, device, memberships, savepoints, session save: 9), the teams (1), the
    # figures (10) and the agreement's concern type codes (1).
    assert counts[0] == 21


def test_the_lists_behind_reviews_and_interventions(gen):
    client = signed_in_client(gen.lead)
    page = client.get(reverse("reports:reviews"), {"state": "overdue"})
    assert page.status_code == 200 and "Reviews overdue" in page.text
    assert "Back to the dashboard" in page.text
    page = client.get(reverse("reports:interventions"), {"state": "lapsed", "kind": "mentoring"})
    assert "Interventions: lapsed now, mentoring (including ideological mentoring)" in page.text
    assert "for more than 6 weeks" in page.text
    nonsense = client.get(reverse("reports:interventions"), {"state": "<b>", "kind": "x", "ended_from": "soon"})
    assert nonsense.status_code == 200 and "<b>" not in nonsense.text
    assert signed_in_client(gen.practitioner).get(reverse("reports:reviews")).status_code == 403


def test_an_authority_with_no_agreement_and_no_records_yet(lead, client_for):
    response = client_for(lead).get(URL)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["referrals"]["received"] == 0 and figures["decision_times"]["median_working_days"] is None
    assert figures["interventions"]["lapse_weeks"] is None
    assert "no agreement in force to judge by" in response.text
    assert "No interventions ended in this period." in response.text
    assert response.text.count("<svg ") == 9


def test_each_chart_can_be_downloaded_as_an_svg_file_for_the_same_filters(gen):
    client = signed_in_client(gen.lead)
    page = client.get(URL, {"period": "12m", "team": gen.teams["adults"].pk}).text
    downloads = [unescape(href) for href in re.findall(r'href="(/dashboard/charts/[^"]+)" download>', page)]
    assert len(downloads) == 9
    for href in downloads:
        response = client.get(href)
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml; charset=utf-8"
        assert re.fullmatch(r'attachment; filename="threshold-[a-z-]+-\d{8}-\d{8}\.svg"',
                            response["Content-Disposition"])
        svg = ElementTree.fromstring(response.content)
        name = href.split("/")[3].split(".")[0]
        assert svg.get("role") == "img" and f'id="{svg.get("id")}"' in page, name
    assert client.get("/dashboard/charts/nothing.svg").status_code == 404
    assert client.get(downloads[0].split("?")[0], {"period": "custom"}).status_code == 404
    assert signed_in_client(gen.practitioner).get(downloads[0]).status_code == 403
