"""/agreement/versions/: the list of versions, starting a draft, a version's page with its comparison, and the
summary of what a draft changes."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from consensus.models import ConsensusVersion, Definition, VersionStatus
from consensus.services import (
    consensus_part_create,
    consensus_part_delete,
    consensus_part_update,
    consensus_timescales_update,
    consensus_version_submit_for_review,
)
from core.tenancy import authority_scope
from tests.consensus.conftest import in_home, new_draft, publish

pytestmark = pytest.mark.django_db
VERSIONS = reverse("consensus:versions")
START = reverse("consensus:version_start")
# Session, user, device and memberships (4); the version with every part (10); the comparison reads both versions'
# parts and timescales (2 x 9); the savepoints of the request's transaction (5).
VERSION_PAGE_QUERIES = 37


def page(version):
    return reverse("consensus:version", args=[version.pk])


def summary_page(version):
    return reverse("consensus:version_summary", args=[version.pk])


def _versions():
    with scopes_disabled():
        return list(ConsensusVersion.objects.order_by("number").values_list("number", "status"))


def _change_definition(version, admin_member, code="radicalisation", **data):
    with authority_scope(version.authority_id):
        definition = Definition.objects.get(version=version, code=code)
        return consensus_part_update(item=definition, data=data, actor_membership=admin_member)


# --- The list ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["admin_member", "lead", "manager"])
def test_people_who_work_on_the_agreement_see_every_version(persona, published, second_draft, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(VERSIONS)

    assert response.status_code == 200
    rows = re.findall(r'href="/agreement/versions/(\d+)/">Version (\d+)</a>', response.text)
    assert rows == [(str(second_draft.pk), "2"), (str(published.pk), "1")]
    assert "govuk-tag--green\">In force</strong>" in response.text
    assert "govuk-tag--grey\">Draft</strong>" in response.text
    assert "Open version 2" in response.text and "Start a new draft" not in response.text


@pytest.mark.parametrize("persona", ["practitioner", "dpo"])
def test_other_roles_cannot_see_the_versions(persona, published, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(VERSIONS).status_code == 403
    assert client.get(page(published)).status_code == 403


def test_start_button_shows_only_to_roles_that_may_start_a_draft(published, admin_member, lead, manager,
                                                                 client_for):
    assert "Start a new draft" in client_for(admin_member).get(VERSIONS).text
    assert "Start a new draft" in client_for(lead).get(VERSIONS).text
    assert "Start a new draft" not in client_for(manager).get(VERSIONS).text


def test_list_marks_a_version_waiting_for_your_sign_off(published, second_draft, lead, manager, admin_member,
                                                        client_for):
    with authority_scope(second_draft.authority_id):
        consensus_version_submit_for_review(version=second_draft, actor_membership=lead)
    assert "Needs your sign-off" in client_for(manager).get(VERSIONS).text
    assert "Needs your sign-off" not in client_for(admin_member).get(VERSIONS).text


def test_list_query_count_does_not_grow_with_versions(published, admin_member, lead, manager, client_for,
                                                      django_assert_num_queries):
    client = client_for(manager)
    with django_assert_num_queries(11):
        client.get(VERSIONS)
    for _ in range(3):
        publish(new_draft(admin_member), lead=lead, manager=manager)
    with django_assert_num_queries(11):
        response = client.get(VERSIONS)
    assert response.text.count("Superseded</strong>") == 3


def test_list_wrong_method_is_rejected(published, admin_member, client_for):
    assert client_for(admin_member).post(VERSIONS).status_code == 405


# --- Starting a draft -------------------------------------------------------------------------------------------

def test_admin_starts_a_draft_from_the_published_version(published, admin_member, client_for, audit_rows):
    client = client_for(admin_member)
    assert "starts as a copy of version 1, the agreement in force" in client.get(START).text

    response = client.post(START, {"summary": "Update the definitions"})

    with scopes_disabled():
        draft = ConsensusVersion.objects.get(number=2)
    assert response.status_code == 302 and response.url == page(draft)
    assert (draft.status, draft.based_on_id, draft.summary) == (VersionStatus.DRAFT, published.pk,
                                                                "Update the definitions")
    assert audit_rows() == [("consensus.version.drafted", "ada.admin")]


def test_first_draft_starts_from_the_starter_agreement(admin_member, client_for):
    assert "starts from Threshold’s starter agreement" in client_for(admin_member).get(START).text
    assert client_for(admin_member).post(START, {"summary": ""}).status_code == 302
    assert _versions() == [(1, "draft")]


def test_a_second_open_draft_is_refused_and_nothing_is_written(second_draft, lead, client_for, audit_rows):
    response = client_for(lead).post(START, {"summary": "Another"})

    assert response.status_code == 400
    assert "Version 2 is already draft. Finish or discard it before starting another." in response.text
    assert _versions() == [(1, "published"), (2, "draft")] and audit_rows() == []


def test_too_long_a_summary_is_a_field_error(published, admin_member, client_for):
    response = client_for(admin_member).post(START, {"summary": "x" * 2001})

    assert response.status_code == 400
    assert re.search(r'id="id_summary-error"[^>]*>.*Summary of change must be 2000 characters or fewer', response.text)
    assert '<a href="#id_summary">Summary of change must be 2000 characters or fewer.</a>' in response.text
    assert _versions() == [(1, "published")]


@pytest.mark.parametrize("persona", ["manager", "practitioner", "dpo"])
def test_roles_that_cannot_start_a_draft_are_refused(persona, published, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(START).status_code == 403
    assert client.post(START, {"summary": ""}).status_code == 403
    assert _versions() == [(1, "published")]


def test_start_wrong_method_is_rejected(published, admin_member, client_for):
    assert client_for(admin_member).put(START).status_code == 405


# --- A version's page -------------------------------------------------------------------------------------------

def test_draft_page_links_to_every_part_for_the_admin(second_draft, admin_member, client_for):
    text = client_for(admin_member).get(page(second_draft)).text

    for slug in ("definitions", "concern-types", "indicators", "pathways", "responsibilities", "dimensions",
                 "factors", "rating-scale", "timescales", "summary"):
        assert f'href="/agreement/versions/{second_draft.pk}/{slug}/">Change' in text
    assert "6 definitions" in text and "4 points on the rating scale" in text
    assert "Nothing has been changed yet: version 2 is the same as version 1." in text


def test_other_signatories_can_read_a_draft_but_not_change_it(second_draft, lead, client_for):
    text = client_for(lead).get(page(second_draft)).text
    assert f'href="/agreement/versions/{second_draft.pk}/definitions/">View' in text
    assert ">Change<" not in text


def test_comparison_shows_what_was_added_removed_and_changed(second_draft, admin_member, client_for):
    _change_definition(second_draft, admin_member, wording="Our local wording.")
    with authority_scope(second_draft.authority_id):
        consensus_part_create(version=second_draft, part="definitions", actor_membership=admin_member,
                              data={"code": "grooming", "term": "Grooming", "wording": "Building trust to exploit."})
        consensus_part_delete(item=Definition.objects.get(version=second_draft, code="terrorism"),
                              actor_membership=admin_member)
        consensus_timescales_update(version=second_draft, data={"decision_working_days": 2},
                                    actor_membership=admin_member)

    text = client_for(admin_member).get(page(second_draft)).text

    assert "1 added. 1 changed. 1 removed. 4 not changed." in text
    assert re.search(r"Added</strong> Grooming</h4>", text)
    assert re.search(r"Removed</strong> Terrorism</h4>", text)
    assert re.search(r"Changed</strong> Radicalisation</h4>", text)
    changed_row = re.search(r"Wording <strong[^>]*>Changed</strong></th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>",
                            text)
    assert changed_row.group(1).startswith("The process by which someone comes to support terrorism")
    assert changed_row.group(2) == "Our local wording."
    assert "Radicalisation <span class=\"thr-muted\">(the same in both)</span>" in text  # the term did not change
    assert "1 working day after the referral is submitted" in text and "2 working days after the referral" in text
    assert "No changes to: concern types, indicators" in text


def test_first_version_has_nothing_to_compare_with(draft, admin_member, client_for):
    text = client_for(admin_member).get(page(draft)).text
    assert "What this version changes</h2>" not in text and "Threshold’s starter agreement" in text


def test_version_page_query_count_does_not_grow_with_the_draft(second_draft, admin_member, client_for,
                                                               django_assert_num_queries):
    client = client_for(admin_member)
    with django_assert_num_queries(VERSION_PAGE_QUERIES):
        client.get(page(second_draft))
    with authority_scope(second_draft.authority_id):
        for number in range(10):
            consensus_part_create(version=second_draft, part="definitions", actor_membership=admin_member,
                                  data={"code": f"extra_{number}", "term": f"Term {number}", "wording": "Words."})
    _change_definition(second_draft, admin_member, wording="New words.")
    with django_assert_num_queries(VERSION_PAGE_QUERIES):
        text = client.get(page(second_draft)).text
    assert "10 added. 1 changed." in text


def test_markup_in_a_draft_is_shown_escaped_in_the_comparison(second_draft, admin_member, client_for):
    _change_definition(second_draft, admin_member, wording="<script>alert(1)</script>")
    with authority_scope(second_draft.authority_id):
        consensus_part_create(version=second_draft, part="definitions", actor_membership=admin_member,
                              data={"code": "markup", "term": "<i>Term</i>", "wording": "<b>Bold</b>"})

    text = client_for(admin_member).get(page(second_draft)).text
    assert "<script>alert(1)</script>" not in text and "<i>Term</i>" not in text and "<b>Bold</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;i&gt;Term&lt;/i&gt;" in text


def test_another_authoritys_version_is_not_found(published, outsider, client_for):
    assert client_for(outsider).get(page(published)).status_code == 404


def test_a_missing_version_is_not_found(published, admin_member, client_for):
    assert client_for(admin_member).get(reverse("consensus:version", args=[published.pk + 1000])).status_code == 404


def test_version_page_wrong_method_is_rejected(second_draft, admin_member, client_for):
    assert client_for(admin_member).post(page(second_draft)).status_code == 405


# --- The summary of a draft -------------------------------------------------------------------------------------

def test_admin_changes_the_summary(second_draft, admin_member, client_for, audit_rows):
    client = client_for(admin_member)
    assert "Second version" in client.get(summary_page(second_draft)).text

    response = client.post(summary_page(second_draft), {"summary": "Clearer definitions"})

    assert response.status_code == 302 and response.url == page(second_draft)
    assert in_home(second_draft).summary == "Clearer definitions"
    assert audit_rows() == [("consensus.version.changed", "ada.admin")]


def test_summary_too_long_is_refused_and_nothing_is_written(second_draft, admin_member, client_for, audit_rows):
    response = client_for(admin_member).post(summary_page(second_draft), {"summary": "x" * 2001})

    assert response.status_code == 400 and "Summary of change must be 2000 characters or fewer." in response.text
    assert in_home(second_draft).summary == "Second version" and audit_rows() == []


def test_summary_markup_is_shown_escaped(second_draft, admin_member, client_for):
    client = client_for(admin_member)
    client.post(summary_page(second_draft), {"summary": "<script>alert(1)</script>"})
    text = client.get(page(second_draft)).text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize("persona", ["lead", "manager", "practitioner"])
def test_only_the_admin_changes_the_summary(persona, second_draft, request, client_for, audit_rows):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(summary_page(second_draft)).status_code == 403
    assert client.post(summary_page(second_draft), {"summary": "Mine"}).status_code == 403
    assert audit_rows() == []


def test_summary_of_another_authoritys_draft_is_not_found(second_draft, outsider_admin, client_for):
    assert client_for(outsider_admin).get(summary_page(second_draft)).status_code == 404


def test_summary_of_a_version_waiting_for_sign_off_cannot_be_changed(second_draft, admin_member, lead, client_for,
                                                                     audit_rows):
    with authority_scope(second_draft.authority_id):
        consensus_version_submit_for_review(version=second_draft, actor_membership=lead)
    client = client_for(admin_member)

    response = client.post(summary_page(second_draft), {"summary": "Sneaky"})

    assert response.status_code == 302 and response.url == page(second_draft)
    assert "Version 2 is waiting for sign-off, so it cannot be changed." in client.get(response.url).text
    assert in_home(second_draft).summary == "Second version"
    assert audit_rows() == [("consensus.version.submitted", "lee.lead")]
