"""/cases/<id>/assessments/new/ and /cases/<id>/assessments/<id>/: recording an assessment against the
agreement's framework, and the factor-by-factor comparison with the assessment before it."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from cases.models import Assessment, AssessmentRating, CaseStatus
from cases.services import case_assign
from core.tenancy import authority_scope
from tests.cases.casework import FACTORS, assess, counts, days_ago, opened_days_ago, set_status
from tests.cases.conftest import fresh_case

pytestmark = pytest.mark.django_db


def new_page(case):
    return reverse("cases:assessment_new", args=[case.pk])


def page(assessment):
    return reverse("cases:assessment", args=[assessment.case_id, assessment.pk])


def form_data(**overrides) -> dict:
    data = {"assessed_on_day": str(days_ago(0).day), "assessed_on_month": str(days_ago(0).month),
            "assessed_on_year": str(days_ago(0).year),
            **{f"rating_{code}": "1" for code in FACTORS},
            "note_exposure": "Shares videos from a channel the police know about.",
            "summary": "Isolated at school; looking for belonging online.", "plan": "Mentoring, weekly.",
            "overall_risk": "medium"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def give_case(case, lead, worker) -> None:
    """``lead`` makes ``worker`` the case's lead worker, through the assignment service (the work_on_case grant)."""
    with authority_scope(lead.authority_id):
        case_assign(case=fresh_case(case), actor_membership=lead, lead_worker_id=worker.user_id)


def error_of(text: str, field: str) -> str:
    """The error message shown next to ``field`` (its govuk-error-message), or ""."""
    found = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', text, re.S)
    return re.sub(r"<[^>]+>|Error:", "", found.group(1)).strip() if found else ""


def test_the_lead_worker_records_an_assessment(case, lead, practitioner, client_for, audit_rows):
    give_case(case, lead, practitioner)
    client = client_for(practitioner)
    response = client.get(new_page(case))
    assert response.status_code == 200
    text = response.text
    for shown in ("Record an assessment", "Engagement", "Intent", "Capability", "Stated wish or plan to cause harm",
                  "0 – None", "3 – High", 'name="rating_stated_intent"', "Overall risk"):
        assert shown in text, shown
    seen = len(audit_rows())
    response = client.post(new_page(case), form_data(rating_stated_intent="2"))
    with scopes_disabled():
        assessment = Assessment.objects.get(case_id=case.pk)
        ratings = dict(AssessmentRating.objects.filter(assessment=assessment).values_list("factor_code", "score"))
        note = AssessmentRating.objects.get(assessment=assessment, factor_code="exposure").note
    assert response.status_code == 302 and response.url == page(assessment)
    assert ratings == {**dict.fromkeys(FACTORS, 1), "stated_intent": 2}
    assert note == "Shares videos from a channel the police know about."
    assert fresh_case(case).status == CaseStatus.ASSESSMENT and fresh_case(case).risk_level == "medium"
    assert ("cases.assessment.recorded", "pat.practitioner") in audit_rows()[seen:]
    shown = client.get(response.url).text
    assert "Assessment recorded. Overall risk: Medium" in shown
    assert "This is the first assessment of this case" in shown


def test_errors_sit_next_to_the_rating_they_are_about_and_nothing_is_saved(case, lead, client_for):
    before = counts(Assessment, AssessmentRating)
    response = client_for(lead).post(new_page(case), form_data(rating_means=None, rating_skills="7", summary=""))
    assert response.status_code == 400
    text = response.text
    assert error_of(text, "rating_means") == "Choose a rating for ‘Access to weapons or other means of harm’"
    assert error_of(text, "rating_skills") == "Choose a rating from the scale (0 to 3)"
    assert error_of(text, "summary") == "Enter a summary of the assessment"
    assert error_of(text, "rating_exposure") == ""
    assert '<a href="#id_rating_means">' in text and "There is a problem" in text
    assert 'value="Isolated' not in text and "Mentoring, weekly." in text  # what was typed stays
    assert counts(Assessment, AssessmentRating) == before


def test_a_forged_rating_or_date_is_refused_in_plain_words(case, lead, client_for):
    before = counts(Assessment)
    response = client_for(lead).post(new_page(case), form_data(rating_exposure="high", assessed_on_day="31",
                                                               assessed_on_month="2"))
    assert response.status_code == 400
    assert error_of(response.text, "rating_exposure") == "Choose a rating from the scale (0 to 3)"
    assert error_of(response.text, "assessed_on") == "Date of the assessment must be a real date"
    future = days_ago(-3)
    response = client_for(lead).post(new_page(case), form_data(
        assessed_on_day=str(future.day), assessed_on_month=str(future.month), assessed_on_year=str(future.year)))
    assert response.status_code == 400
    assert error_of(response.text, "assessed_on") == "Enter a date that is not in the future"
    assert counts(Assessment) == before


def test_the_comparison_says_in_words_how_each_factor_changed(case, lead, client_for):
    opened_days_ago(case, 60)
    assess(case, lead, on=days_ago(40), level=1, stated_intent=2, means=0)
    latest = assess(case, lead, on=days_ago(1), level=1, stated_intent=3, exposure=0, risk="high")
    text = client_for(lead).get(page(latest)).text
    comparison = text[text.index('id="changes"'):text.index('id="ratings"')]
    rows = dict(re.findall(r'<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">([^<]+)</th>.*?'
                           r'(Higher|Lower|Same|New factor|No longer assessed)</strong>', comparison, re.S))
    assert rows["Stated wish or plan to cause harm"] == "Higher"
    assert rows["Contact with extremist people and material"] == "Lower"
    assert rows["Access to weapons or other means of harm"] == "Higher"
    assert rows["Justifying or excusing harm for the cause"] == "Same"
    assert f"compared with the assessment of {days_ago(40):%-d %B %Y}" in text
    assert "2 – Moderate" in text and "3 – High" in text and "High risk" in text
    assert "govuk-tag--red\">Higher</strong>" in text  # the word, with colour only as an extra


def test_access_follows_the_case(case, lead, practitioner, manager, outsider, admin_member, dpo, client_for):
    assessment = assess(case, lead)
    for url in (new_page(case), page(assessment)):
        assert client_for(practitioner).get(url).status_code == 404  # not their case
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(admin_member).get(url).status_code == 403
        assert client_for(dpo).get(url).status_code == 403
        assert client_for(manager).get(url).status_code == 200
    assert client_for(practitioner).post(new_page(case), form_data()).status_code == 404
    assert client_for(outsider).post(new_page(case), form_data()).status_code == 404
    assert client_for(lead).post(page(assessment)).status_code == 405
    assert client_for(lead).get(reverse("cases:assessment", args=[case.pk, 999999])).status_code == 404
    give_case(case, lead, practitioner)
    assert client_for(practitioner).get(page(assessment)).status_code == 200


def test_an_assessment_of_another_case_is_not_found_under_this_one(case, lead, practitioner, client_for):
    from tests.cases.conftest import open_case

    other = open_case(practitioner, lead)
    assessment = assess(other, lead)
    assert client_for(lead).get(reverse("cases:assessment", args=[case.pk, assessment.pk])).status_code == 404


def test_a_closed_case_takes_no_new_assessment(case, lead, client_for):
    assessment = assess(case, lead)
    set_status(case, CaseStatus.CLOSED)
    client = client_for(lead)
    response = client.get(new_page(case))
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    before = counts(Assessment)
    response = client.post(new_page(case), form_data())
    assert response.status_code == 409
    assert "This case is closed, so nothing more can be recorded on it." in response.text
    assert counts(Assessment) == before
    assert "Record a new assessment" not in client.get(page(assessment)).text


def test_a_factor_only_one_assessment_rated_is_new_or_no_longer_assessed(case, lead, client_for):
    """As when the agreement's framework changed between the two assessments (factors are matched by code)."""
    opened_days_ago(case, 60)
    earlier = assess(case, lead, on=days_ago(40))
    latest = assess(case, lead, on=days_ago(1))
    with scopes_disabled():
        AssessmentRating.objects.filter(assessment=earlier, factor_code="skills").delete()
        AssessmentRating.objects.filter(assessment=latest, factor_code="means").delete()
    text = client_for(lead).get(page(latest)).text
    comparison = text[text.index('id="changes"'):text.index('id="ratings"')]
    skills = comparison[comparison.index("Knowledge, skills or contacts"):]
    means = comparison[comparison.index("Access to weapons"):]
    assert re.match(r".*?<td[^>]*>Not assessed</td>.*?<td[^>]*>1 – Low</td>.*?New factor</strong>", skills, re.S)
    assert re.match(r".*?<td[^>]*>1 – Low</td>.*?<td[^>]*>Not assessed</td>.*?No longer assessed</strong>", means,
                    re.S)
