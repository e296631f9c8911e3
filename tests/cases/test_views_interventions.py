"""Interventions: adding one (/cases/<id>/interventions/new/), its page with sessions and recording a session,
changing its details and ending it with an outcome; the lapsed flag."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from cases.models import Intervention, InterventionSession, InterventionStatus
from cases.services import case_assign
from core.tenancy import authority_scope
from tests.cases.casework import add_intervention, assess, counts, days_ago, opened_days_ago, set_status
from tests.cases.conftest import fresh_case
from tests.cases.test_views_assessments import error_of, give_case

pytestmark = pytest.mark.django_db


def new_page(case):
    return reverse("cases:intervention_new", args=[case.pk])


def page(intervention, name="intervention"):
    return reverse(f"cases:{name}", args=[intervention.case_id, intervention.pk])


def date_fields(name, day) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def add_data(**overrides) -> dict:
    data = {"kind": "mentoring", "provider": "Example Mentoring Ltd", "description": "Weekly mentoring at school.",
            "planned_sessions": "6", "delivered_sessions": "2", **date_fields("start_on", days_ago(21)),
            **date_fields("last_session_on", days_ago(7))}
    data.update(overrides)
    return data


def fresh(intervention) -> Intervention:
    with scopes_disabled():
        return Intervention.objects.get(pk=intervention.pk)


@pytest.fixture
def assessed(case, lead, practitioner):
    """``case`` assessed (so it can have interventions), with ``practitioner`` as its lead worker."""
    opened_days_ago(case, 120)
    give_case(case, lead, practitioner)
    assess(case, lead, on=days_ago(100))
    return case


def test_the_lead_worker_adds_an_intervention(assessed, practitioner, client_for, audit_rows):
    client = client_for(practitioner)
    response = client.get(new_page(assessed))
    assert response.status_code == 200
    assert "Mentoring (including ideological mentoring)" in response.text and 'name="start_on_day"' in response.text
    seen = len(audit_rows())
    response = client.post(new_page(assessed), add_data())
    with scopes_disabled():
        intervention = Intervention.objects.get(case_id=assessed.pk)
    assert response.status_code == 302 and response.url == page(intervention)
    assert (intervention.provider, intervention.planned_sessions, intervention.delivered_sessions,
            intervention.start_on, intervention.last_session_on, intervention.status) == (
        "Example Mentoring Ltd", 6, 2, days_ago(21), days_ago(7), InterventionStatus.ACTIVE)
    assert audit_rows()[seen:] == [("cases.intervention.added", "pat.practitioner")]
    text = client.get(response.url).text
    for shown in ("Intervention added: Mentoring (including ideological mentoring) by Example Mentoring Ltd",
                  "2 delivered of 6 planned", "Active", "Record a session", "Change details", "End with an outcome"):
        assert shown in text, shown
    assert "Lapsed" not in text


def test_add_errors_sit_next_to_their_fields_and_nothing_is_saved(assessed, practitioner, client_for):
    before = counts(Intervention)
    response = client_for(practitioner).post(new_page(assessed), add_data(
        provider="", delivered_sessions="40", **date_fields("end_on", days_ago(30))))
    assert response.status_code == 400
    text = response.text
    assert error_of(text, "end_on") == f"The end date must be on or after the start date ({days_ago(21):%-d %B %Y})"
    assert error_of(text, "delivered_sessions") == (
        "That is more than twice the 6 sessions planned. If the plan has changed, change the number of planned "
        "sessions first.")
    assert error_of(text, "provider") == "Enter the organisation providing the intervention"
    assert error_of(text, "planned_sessions") == ""
    assert counts(Intervention) == before
    response = client_for(practitioner).post(new_page(assessed), add_data(planned_sessions="six", kind="juggling"))
    assert response.status_code == 400
    assert error_of(response.text, "planned_sessions") == "Planned sessions must be a whole number, like 6"
    assert counts(Intervention) == before


def test_a_case_not_yet_assessed_cannot_have_an_intervention(case, lead, client_for):
    response = client_for(lead).get(new_page(case))
    assert response.status_code == 200
    assert "Record an assessment" in response.text and 'name="provider"' not in response.text
    before = counts(Intervention)
    response = client_for(lead).post(new_page(case), add_data())
    assert response.status_code == 409
    assert "An intervention follows an assessment: record an assessment of this case first." in response.text
    assert counts(Intervention) == before


def test_recording_sessions(assessed, practitioner, client_for, audit_rows):
    intervention = add_intervention(assessed, practitioner, start_on=days_ago(14))
    client = client_for(practitioner)
    seen = len(audit_rows())
    response = client.post(page(intervention), {**date_fields("held_on", days_ago(2)), "attended": "yes",
                                                "note": "Talked about online friendships."})
    assert response.status_code == 302 and response.url == page(intervention)
    client.post(page(intervention), {**date_fields("held_on", days_ago(1)), "attended": "no"})
    assert fresh(intervention).delivered_sessions == 1 and fresh(intervention).last_session_on == days_ago(1)
    assert audit_rows()[seen:] == [("cases.intervention.session_recorded", "pat.practitioner")] * 2
    text = client.get(page(intervention)).text
    assert f"Session on {days_ago(1):%-d %B %Y} recorded (they did not attend)" in text
    assert "Talked about online friendships." in text and 'govuk-tag--yellow">No</strong>' in text
    assert text.index(f"{days_ago(1):%-d %b %Y}") < text.index(f"{days_ago(2):%-d %b %Y}")  # newest first


def test_session_errors_sit_next_to_their_fields(assessed, practitioner, client_for):
    intervention = add_intervention(assessed, practitioner, start_on=days_ago(14), planned_sessions=1,
                                    delivered_sessions=2)
    before = counts(InterventionSession)
    response = client_for(practitioner).post(page(intervention), {**date_fields("held_on", days_ago(-2))})
    assert response.status_code == 400  # every problem at once
    assert error_of(response.text, "held_on") == "Enter a date that is not in the future"
    assert error_of(response.text, "attended") == "Say whether the person attended"
    response = client_for(practitioner).post(page(intervention), {**date_fields("held_on", days_ago(-2)),
                                                                  "attended": "yes"})
    assert response.status_code == 400
    assert error_of(response.text, "held_on") == "Enter a date that is not in the future"
    assert error_of(response.text, "attended").startswith("That is more than twice the 1 sessions planned.")
    assert counts(InterventionSession) == before


def test_changing_the_details(assessed, practitioner, client_for, audit_rows):
    intervention = add_intervention(assessed, practitioner, start_on=days_ago(14))
    client = client_for(practitioner)
    response = client.get(page(intervention, "intervention_change"))
    assert response.status_code == 200 and 'value="Example Mentoring Ltd"' in response.text
    assert f'name="start_on_day" type="text" inputmode="numeric" value="{days_ago(14).day}"' in response.text
    data = {"provider": "Example Mentoring Ltd", "planned_sessions": "10", "delivered_sessions": "0",
            **date_fields("start_on", days_ago(14)), **date_fields("end_on", days_ago(20))}
    before = counts(Intervention)
    response = client.post(page(intervention, "intervention_change"), data)
    assert response.status_code == 400
    assert error_of(response.text, "end_on").startswith("The end date must be on or after the start date")
    assert fresh(intervention).planned_sessions == 6 and counts(Intervention) == before
    seen = len(audit_rows())
    response = client.post(page(intervention, "intervention_change"), {**data, "end_on_day": "", "end_on_month": "",
                                                                      "end_on_year": ""})
    assert response.status_code == 302 and response.url == page(intervention)
    assert fresh(intervention).planned_sessions == 10
    assert audit_rows()[seen:] == [("cases.intervention.changed", "pat.practitioner")]


def test_ending_with_an_outcome(assessed, practitioner, client_for, audit_rows):
    intervention = add_intervention(assessed, practitioner, start_on=days_ago(14))
    client = client_for(practitioner)
    response = client.post(page(intervention, "intervention_end"), {**date_fields("end_on", days_ago(20))})
    assert response.status_code == 400
    assert error_of(response.text, "outcome") == "Choose the outcome: achieved, partly achieved, not achieved or " \
                                                 "disengaged"
    assert error_of(response.text, "end_on").startswith("The end date must be on or after the start date")
    assert fresh(intervention).status == InterventionStatus.ACTIVE
    seen = len(audit_rows())
    response = client.post(page(intervention, "intervention_end"), {**date_fields("end_on", days_ago(0)),
                                                                    "outcome": "achieved", "outcome_note": "Done."})
    assert response.status_code == 302 and fresh(intervention).outcome == "achieved"
    assert audit_rows()[seen:] == [("cases.intervention.ended", "pat.practitioner")]
    text = client.get(page(intervention)).text
    assert "Ended: achieved" in text and "Record a session" not in text and "Change details" not in text
    response = client.get(page(intervention, "intervention_change"))
    assert response.status_code == 302 and response.url == page(intervention)
    response = client.post(page(intervention, "intervention_end"), {**date_fields("end_on", days_ago(0)),
                                                                    "outcome": "disengaged"})
    assert response.status_code == 409 and "its outcome is already recorded" in response.text


def test_an_intervention_with_no_session_for_the_agreed_weeks_is_lapsed(assessed, practitioner, client_for):
    lapsed = add_intervention(assessed, practitioner, start_on=days_ago(70), delivered_sessions=1,
                              last_session_on=days_ago(43))
    current = add_intervention(assessed, practitioner, start_on=days_ago(70), delivered_sessions=1,
                               last_session_on=days_ago(42))
    text = client_for(practitioner).get(page(lapsed)).text
    assert '<strong class="govuk-tag govuk-tag--red">Lapsed</strong>' in text
    assert "No session has been recorded for more than 6 weeks" in text
    assert "Lapsed" not in client_for(practitioner).get(page(current)).text


def test_access_follows_the_case(assessed, lead, practitioner, outsider, admin_member, dpo, client_for):
    from tests.cases.conftest import open_case

    intervention = add_intervention(assessed, lead)
    urls = (new_page(assessed), page(intervention), page(intervention, "intervention_change"),
            page(intervention, "intervention_end"))
    for url in urls:
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(admin_member).get(url).status_code == 403
        assert client_for(dpo).get(url).status_code == 403
        assert client_for(lead).get(url).status_code == 200
    other = open_case(practitioner, lead)
    assert client_for(lead).get(reverse("cases:intervention", args=[other.pk, intervention.pk])).status_code == 404
    assert client_for(lead).put(page(intervention)).status_code == 405
    with authority_scope(lead.authority_id):  # the practitioner is no longer the lead worker: the case is gone
        case_assign(case=fresh_case(assessed), actor_membership=lead, lead_worker_id=None)
    before = counts(InterventionSession)
    for url in urls:
        assert client_for(practitioner).get(url).status_code == 404  # no no case
    assert client_for(practitioner).post(page(intervention), {**date_fields("held_on", days_ago(1)),
                                                              "attended": "yes"}).status_code == 404
    assert client_for(outsider).post(page(intervention), {**date_fields("held_on", days_ago(1)),
                                                          "attended": "yes"}).status_code == 404
    assert counts(InterventionSession) == before


def test_a_closed_case_shows_its_interventions_without_actions(assessed, lead, client_for):
    intervention = add_intervention(assessed, lead)
    set_status(assessed, "closed")
    text = client_for(lead).get(page(intervention)).text
    assert "Record a session" not in text and "Change details" not in text
    response = client_for(lead).post(page(intervention), {**date_fields("held_on", days_ago(1)), "attended": "yes"})
    assert response.status_code == 409 and "This case is closed" in response.text
