"""Editing a draft: the list, add, change and delete pages of every part, and the timescales form."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from consensus.models import (
    ConcernType,
    Definition,
    ResponsePathway,
    Responsibility,
    Timescales,
)
from consensus.services import consensus_part_create, consensus_version_submit_for_review
from core.tenancy import authority_scope
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

# A valid new item for each part's add form, as a browser sends it.
NEW_ITEMS = {
    "definitions": {"term": "Grooming", "code": "grooming", "wording": "Building trust in order to exploit.",
                    "guidance": ""},
    "concern-types": {"label": "Incel ideology", "code": "incel", "home_office_category": "other",
                      "description": ""},
    "indicators": {"label": "Talks about revenge", "code": "revenge", "group": "intent", "guidance": ""},
    "pathways": {"label": "Family support", "code": "family_support", "when_applies": "The family asks for help.",
                 "opens_case": "yes", "timescale_working_days": "5"},
    "responsibilities": {"stage": "review", "subject_group": "child", "pathway": "channel", "team": "",
                         "role": "safeguarding_lead"},
    "dimensions": {"label": "Context", "code": "context", "description": ""},
    "factors": {"dimension": "intent", "label": "Revenge fantasies", "code": "revenge", "guidance": ""},
    "rating-scale": {"score": "4", "label": "Severe", "description": "Act now."},
}
AUDIT_ENTITY = {"definitions": "definition", "concern-types": "concern_type", "indicators": "indicator",
                "pathways": "pathway", "responsibilities": "responsibility", "dimensions": "dimension",
                "factors": "factor", "rating-scale": "rating_level"}
# Session, user, device and memberships (4); the version with every part (10); savepoints (5).
LIST_QUERIES = 19


def part_url(version, slug, action=None, item=None):
    if action == "add":
        return reverse("consensus:part_add", args=[version.pk, slug])
    if action == "delete":
        return reverse("consensus:part_delete", args=[version.pk, slug, item.pk])
    if item is not None:
        return reverse("consensus:part_change", args=[version.pk, slug, item.pk])
    return reverse("consensus:part", args=[version.pk, slug])


def _definition(version, code="radicalisation"):
    with scopes_disabled():
        return Definition.objects.get(version_id=version.pk, code=code)


def _count(model, version):
    with scopes_disabled():
        return model.objects.filter(version_id=version.pk).count()


def _error_links(text):
    return re.findall(r'<li><a href="(#[^"]+)">', text)


# --- The list of a part -----------------------------------------------------------------------------------------

def test_admin_sees_a_parts_items_with_links_to_change_them(second_draft, admin_member, client_for):
    text = client_for(admin_member).get(part_url(second_draft, "definitions")).text

    assert "Add a definition" in text
    definition = _definition(second_draft)
    assert f'href="{part_url(second_draft, "definitions", item=definition)}">Change' in text
    assert f'href="{part_url(second_draft, "definitions", "delete", definition)}">Delete' in text


def test_responsibilities_are_listed_in_process_order(second_draft, admin_member, client_for):
    text = client_for(admin_member).get(part_url(second_draft, "responsibilities")).text
    titles = re.findall(r'<h2 class="govuk-summary-card__title">([^<]+)</h2>', text)
    assert titles[:3] == ["Screening, children", "Screening, adults", "Decision, children"]
    assert "Case lead, children, when the response is ‘Refer to the police Prevent gateway for Channel " \
           "consideration’" in titles


def test_signatories_can_read_a_part_but_not_change_it(second_draft, lead, client_for):
    response = client_for(lead).get(part_url(second_draft, "pathways"))
    assert response.status_code == 200
    assert "Child in need assessment" in response.text
    assert "Add a response pathway" not in response.text and ">Change<" not in response.text


def test_part_list_query_count_does_not_grow(second_draft, admin_member, client_for, django_assert_num_queries):
    client = client_for(admin_member)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(part_url(second_draft, "responsibilities"))
    with authority_scope(second_draft.authority_id):
        for number, team in enumerate(TeamFactory.create_batch(3, authority=second_draft.authority)):
            consensus_part_create(version=second_draft, part="responsibilities", actor_membership=admin_member,
                                  data={"stage": "review", "subject_group": "child" if number else "adult",
                                        "pathway": ["channel", "child_in_need", "child_protection"][number],
                                        "team": team.pk, "role": "manager"})
    with django_assert_num_queries(LIST_QUERIES):
        text = client.get(part_url(second_draft, "responsibilities")).text
    assert text.count('<h2 class="govuk-summary-card__title">') == 15


@pytest.mark.parametrize("persona", ["practitioner", "dpo"])
def test_roles_outside_the_agreement_cannot_see_a_part(persona, second_draft, request, client_for):
    assert client_for(request.getfixturevalue(persona)).get(part_url(second_draft, "definitions")).status_code == 403


def test_an_unknown_part_or_version_is_not_found(second_draft, admin_member, client_for):
    client = client_for(admin_member)
    assert client.get(f"/agreement/versions/{second_draft.pk}/secrets/").status_code == 404
    assert client.get(reverse("consensus:part", args=[second_draft.pk + 1000, "definitions"])).status_code == 404
    missing_item = reverse("consensus:part_change", args=[second_draft.pk, "definitions", 999999])
    assert client.get(missing_item).status_code == 404


def test_an_item_of_another_part_is_not_found(second_draft, admin_member, client_for):
    definition = _definition(second_draft)
    url = reverse("consensus:part_change", args=[second_draft.pk, "pathways", definition.pk])
    assert client_for(admin_member).get(url).status_code == 404


def test_another_authoritys_draft_is_not_found(second_draft, outsider_admin, client_for):
    client = client_for(outsider_admin)
    definition = _definition(second_draft)
    assert client.get(part_url(second_draft, "definitions")).status_code == 404
    assert client.get(part_url(second_draft, "definitions", "add")).status_code == 404
    assert client.post(part_url(second_draft, "definitions", "delete", definition)).status_code == 404
    assert _count(Definition, second_draft) == 6


def test_part_list_wrong_method_is_rejected(second_draft, admin_member, client_for):
    assert client_for(admin_member).post(part_url(second_draft, "definitions")).status_code == 405


# --- Adding -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", list(NEW_ITEMS))
def test_admin_adds_an_item_to_each_part(slug, second_draft, admin_member, client_for, audit_rows):
    client = client_for(admin_member)
    assert client.get(part_url(second_draft, slug, "add")).status_code == 200

    response = client.post(part_url(second_draft, slug, "add"), NEW_ITEMS[slug])

    assert response.status_code == 302, response.text
    assert response.url == part_url(second_draft, slug)
    assert audit_rows() == [(f"consensus.{AUDIT_ENTITY[slug]}.added", "ada.admin")]


def test_a_new_item_goes_at_the_end_of_its_list(second_draft, admin_member, client_for):
    client_for(admin_member).post(part_url(second_draft, "definitions", "add"), NEW_ITEMS["definitions"])
    with scopes_disabled():
        codes = list(Definition.objects.filter(version_id=second_draft.pk).values_list("code", flat=True))
    assert codes[-1] == "grooming" and len(codes) == 7


def test_pathway_answers_become_the_right_values(second_draft, admin_member, client_for):
    client_for(admin_member).post(part_url(second_draft, "pathways", "add"),
                                  {**NEW_ITEMS["pathways"], "opens_case": "no", "timescale_working_days": " 12 "})
    with scopes_disabled():
        pathway = ResponsePathway.objects.get(version_id=second_draft.pk, code="family_support")
    assert (pathway.opens_case, pathway.timescale_working_days) == (False, 12)


def test_bad_input_shows_each_error_next_to_its_field_and_writes_nothing(second_draft, admin_member, client_for,
                                                                         audit_rows):
    bad = {"label": "", "code": "Not A Code", "when_applies": "", "opens_case": "", "timescale_working_days": "0"}
    response = client_for(admin_member).post(part_url(second_draft, "pathways", "add"), bad)

    assert response.status_code == 400
    text = response.text
    assert text.count("govuk-form-group--error") == 5
    assert re.search(r'id="id_label-error"[^>]*>.*?Enter the name of the response\.', text)
    assert re.search(r'id="id_code-error"[^>]*>.*?Use 2 to 40 lower-case letters', text)
    assert re.search(r'id="id_opens_case-error"[^>]*>.*?Say whether this pathway opens a case\.', text)
    assert re.search(r'id="id_timescale_working_days-error"[^>]*>.*?from 1 to 260\.', text)
    assert _error_links(text) == ["#id_label", "#id_code", "#id_when_applies", "#id_opens_case",
                                  "#id_timescale_working_days"]  # in the order of the page
    assert 'id="id_opens_case"' in text  # the summary's link lands on the first radio
    assert "<title>Error: " in text
    assert _count(ResponsePathway, second_draft) == 7 and audit_rows() == []


@pytest.mark.parametrize("typed", ["abc", "1.5", "-3", "261", "1_0"])
def test_a_timescale_that_is_not_a_whole_number_of_days_in_range_is_refused(typed, second_draft, admin_member,
                                                                            client_for):
    response = client_for(admin_member).post(part_url(second_draft, "pathways", "add"),
                                             {**NEW_ITEMS["pathways"], "timescale_working_days": typed})
    assert response.status_code == 400
    assert "Enter the timescale as a whole number of working days from 1 to 260." in response.text
    assert _count(ResponsePathway, second_draft) == 7


def test_a_code_already_used_is_a_field_error(second_draft, admin_member, client_for):
    response = client_for(admin_member).post(part_url(second_draft, "definitions", "add"),
                                             {**NEW_ITEMS["definitions"], "code": "extremism"})
    assert response.status_code == 400
    assert re.search(r'id="id_code-error"[^>]*>.*?Another item in this agreement already uses this code\.',
                     response.text)
    assert _count(Definition, second_draft) == 6


def test_responsibility_team_must_be_one_of_ours(second_draft, admin_member, away, client_for):
    with scopes_disabled():
        their_team = TeamFactory(authority=away, name="Their team")
    response = client_for(admin_member).post(part_url(second_draft, "responsibilities", "add"),
                                             {**NEW_ITEMS["responsibilities"], "team": str(their_team.pk)})
    assert response.status_code == 400
    assert re.search(r'id="id_team-error"[^>]*>.*?Choose a team in your authority\.', response.text)
    assert "Their team" not in response.text  # not offered either


def test_responsibility_team_select_offers_our_teams(second_draft, admin_member, home_team, client_for, audit_rows):
    client = client_for(admin_member)
    assert f'<option value="{home_team.pk}">Front door</option>' in client.get(
        part_url(second_draft, "responsibilities", "add")).text
    response = client.post(part_url(second_draft, "responsibilities", "add"),
                           {**NEW_ITEMS["responsibilities"], "team": str(home_team.pk)})
    assert response.status_code == 302
    with scopes_disabled():
        row = Responsibility.objects.get(version_id=second_draft.pk, stage="review", pathway__code="channel",
                                         subject_group="child")
    assert row.team_id == home_team.pk


def test_a_pathway_cannot_change_who_screens(second_draft, admin_member, client_for):
    response = client_for(admin_member).post(part_url(second_draft, "responsibilities", "add"),
                                             {**NEW_ITEMS["responsibilities"], "stage": "screening"})
    assert response.status_code == 400
    assert "Only case lead, review and closure approval can depend on the pathway." in response.text


def test_markup_is_kept_as_text_and_shown_escaped(second_draft, admin_member, client_for):
    client = client_for(admin_member)
    response = client.post(part_url(second_draft, "definitions", "add"),
                           {**NEW_ITEMS["definitions"], "term": "<script>alert(1)</script>", "wording": "<b>x</b>"})
    assert response.status_code == 302
    assert _definition(second_draft, "grooming").term == "<script>alert(1)</script>"

    for url in (part_url(second_draft, "definitions"), reverse("consensus:version", args=[second_draft.pk])):
        text = client.get(url).text
        assert "<script>alert(1)</script>" not in text and "<b>x</b>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_markup_typed_into_a_form_with_errors_comes_back_escaped(second_draft, admin_member, client_for):
    response = client_for(admin_member).post(part_url(second_draft, "definitions", "add"),
                                             {"term": '"><script>alert(1)</script>', "code": "", "wording": ""})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in response.text


# --- Changing ---------------------------------------------------------------------------------------------------

def test_admin_changes_a_definitions_wording(second_draft, admin_member, client_for, audit_rows):
    definition = _definition(second_draft)
    client = client_for(admin_member)
    form = client.get(part_url(second_draft, "definitions", item=definition)).text
    assert "The process by which someone comes to support terrorism" in form
    assert 'name="code"' not in form and "radicalisation" in form  # the code is shown, not editable

    response = client.post(part_url(second_draft, "definitions", item=definition),
                           {"term": "Radicalisation", "wording": "Our wording.", "guidance": "Ask a lead.",
                            "code": "hijacked"})

    assert response.status_code == 302 and response.url == part_url(second_draft, "definitions")
    changed = _definition(second_draft)
    assert (changed.wording, changed.guidance, changed.code) == ("Our wording.", "Ask a lead.", "radicalisation")
    assert audit_rows() == [("consensus.definition.changed", "ada.admin")]


def test_changing_to_bad_input_writes_nothing(second_draft, admin_member, client_for, audit_rows):
    definition = _definition(second_draft)
    response = client_for(admin_member).post(part_url(second_draft, "definitions", item=definition),
                                             {"term": "", "wording": "x" * 5001, "guidance": ""})
    assert response.status_code == 400
    assert _error_links(response.text) == ["#id_term", "#id_wording"]
    assert "Wording must be 5000 characters or fewer." in response.text
    assert _definition(second_draft).wording == definition.wording and audit_rows() == []


def test_concern_type_category_is_chosen_from_the_home_office_list(second_draft, admin_member, client_for):
    with scopes_disabled():
        concern = ConcernType.objects.get(version_id=second_draft.pk, code="other")
    client = client_for(admin_member)
    form = client.get(part_url(second_draft, "concern-types", item=concern)).text
    assert '<option value="other" selected>Other</option>' in form
    response = client.post(part_url(second_draft, "concern-types", item=concern),
                           {"label": "Other concern", "home_office_category": "made_up", "description": ""})
    assert response.status_code == 400
    assert "Choose the Home Office category it is counted under." in response.text


# --- Deleting ---------------------------------------------------------------------------------------------------

def test_admin_deletes_an_item_after_confirming(second_draft, admin_member, client_for, audit_rows):
    definition = _definition(second_draft, "terrorism")
    client = client_for(admin_member)
    assert "Are you sure you want to delete ‘Terrorism’?" in client.get(
        part_url(second_draft, "definitions", "delete", definition)).text

    response = client.post(part_url(second_draft, "definitions", "delete", definition))

    assert response.status_code == 302 and response.url == part_url(second_draft, "definitions")
    assert _count(Definition, second_draft) == 5
    assert audit_rows() == [("consensus.definition.removed", "ada.admin")]


def test_a_pathway_still_used_by_a_responsibility_is_not_deleted(second_draft, admin_member, client_for,
                                                                 audit_rows):
    with scopes_disabled():
        channel = ResponsePathway.objects.get(version_id=second_draft.pk, code="channel")
    response = client_for(admin_member).post(part_url(second_draft, "pathways", "delete", channel))

    assert response.status_code == 400
    assert "is still used by: Case lead, adults, when the pathway is channel; Case lead, children" in response.text
    assert "Change or remove those responsibilities first." in response.text
    assert _count(ResponsePathway, second_draft) == 7 and audit_rows() == []


def test_delete_wrong_method_is_rejected(second_draft, admin_member, client_for):
    url = part_url(second_draft, "definitions", "delete", _definition(second_draft))
    assert client_for(admin_member).put(url).status_code == 405


# --- Who may edit, and when -------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["lead", "manager", "practitioner", "dpo"])
def test_only_the_admin_edits_a_draft(persona, second_draft, request, client_for, audit_rows):
    client = client_for(request.getfixturevalue(persona))
    definition = _definition(second_draft)
    assert client.get(part_url(second_draft, "definitions", "add")).status_code == 403
    assert client.post(part_url(second_draft, "definitions", "add"), NEW_ITEMS["definitions"]).status_code == 403
    assert client.post(part_url(second_draft, "definitions", item=definition),
                       {"term": "Mine", "wording": "Mine"}).status_code == 403
    assert client.post(part_url(second_draft, "definitions", "delete", definition)).status_code == 403
    assert client.post(reverse("consensus:timescales", args=[second_draft.pk]),
                       {"decision_working_days": "3"}).status_code == 403
    assert _count(Definition, second_draft) == 6 and audit_rows() == []


def test_a_version_waiting_for_sign_off_cannot_be_edited(second_draft, admin_member, lead, client_for, audit_rows):
    with authority_scope(second_draft.authority_id):
        consensus_version_submit_for_review(version=second_draft, actor_membership=lead)
    client = client_for(admin_member)

    response = client.post(part_url(second_draft, "definitions", "add"), NEW_ITEMS["definitions"])

    assert response.status_code == 302 and response.url == reverse("consensus:version", args=[second_draft.pk])
    assert "Return it to draft first" in client.get(response.url).text
    assert _count(Definition, second_draft) == 6
    assert audit_rows() == [("consensus.version.submitted", "lee.lead")]


def test_the_published_version_cannot_be_edited(published, second_draft, admin_member, client_for):
    response = client_for(admin_member).get(part_url(published, "definitions", "add"))
    assert response.status_code == 302
    assert "View" in client_for(admin_member).get(reverse("consensus:version", args=[published.pk])).text


# --- Timescales -------------------------------------------------------------------------------------------------

TIMESCALES = {"decision_working_days": "2", "assessment_working_days": "40", "review_interval_weeks": "8",
              "first_post_closure_review_months": "6", "second_post_closure_review_months": "12",
              "intervention_lapse_weeks": "6"}


def _timescales(version):
    with scopes_disabled():
        return Timescales.objects.get(version_id=version.pk)


def test_admin_changes_the_timescales(second_draft, admin_member, client_for, audit_rows):
    url = reverse("consensus:timescales", args=[second_draft.pk])
    client = client_for(admin_member)
    assert 'name="decision_working_days" type="text" value="1"' in client.get(url).text

    response = client.post(url, TIMESCALES)

    assert response.status_code == 302 and response.url == reverse("consensus:version", args=[second_draft.pk])
    timescales = _timescales(second_draft)
    assert (timescales.decision_working_days, timescales.assessment_working_days) == (2, 40)
    assert audit_rows() == [("consensus.timescales.changed", "ada.admin")]


@pytest.mark.parametrize("field, typed, message", [
    ("decision_working_days", "0", "Enter the timescale as a whole number of working days from 1 to 260."),
    ("decision_working_days", "-1", "Enter the timescale as a whole number of working days from 1 to 260."),
    ("assessment_working_days", "261", "Enter the timescale as a whole number of working days from 1 to 260."),
    ("assessment_working_days", "", "Enter the timescale as a whole number of working days from 1 to 260."),
    ("review_interval_weeks", "53", "Enter a review interval from 1 to 52 weeks."),
    ("second_post_closure_review_months", "6", "The second review must come after the first."),
])
def test_bad_timescales_are_refused_next_to_the_field(field, typed, message, second_draft, admin_member, client_for,
                                                      audit_rows):
    response = client_for(admin_member).post(reverse("consensus:timescales", args=[second_draft.pk]),
                                             {**TIMESCALES, field: typed})
    assert response.status_code == 400
    assert re.search(rf'id="id_{field}-error"[^>]*>.*?{re.escape(message)}', response.text)
    assert _error_links(response.text) == [f"#id_{field}"]
    assert _timescales(second_draft).decision_working_days == 1 and audit_rows() == []


def test_timescales_of_another_authority_are_not_found(second_draft, outsider_admin, client_for):
    url = reverse("consensus:timescales", args=[second_draft.pk])
    assert client_for(outsider_admin).post(url, TIMESCALES).status_code == 404
    assert _timescales(second_draft).decision_working_days == 1


def test_timescales_wrong_method_is_rejected(second_draft, admin_member, client_for):
    assert client_for(admin_member).put(reverse("consensus:timescales", args=[second_draft.pk])).status_code == 405


def test_form_pages_query_count(second_draft, admin_member, client_for, django_assert_num_queries):
    client = client_for(admin_member)
    with django_assert_num_queries(LIST_QUERIES + 1):  # plus the authority's teams for the team select
        client.get(part_url(second_draft, "responsibilities", "add"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("consensus:timescales", args=[second_draft.pk]))
