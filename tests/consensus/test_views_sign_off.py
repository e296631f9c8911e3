"""The sign-off panel of a version's page and its actions: send for sign-off, sign off, return to draft, publish
and discard."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from consensus.models import ConsensusVersion, RatingLevel, SignOff, VersionStatus
from consensus.services import (
    consensus_part_create,
    consensus_part_delete,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from core.tenancy import authority_scope
from tests.consensus.conftest import in_home, submit_and_sign

pytestmark = pytest.mark.django_db


def url(name, version):
    return reverse(f"consensus:{name}", args=[version.pk])


@pytest.fixture
def in_review(second_draft, lead):
    with authority_scope(second_draft.authority_id):
        return consensus_version_submit_for_review(version=second_draft, actor_membership=lead)


@pytest.fixture
def signed(second_draft, lead, manager):
    """Version 2, in review with both sign-offs."""
    return submit_and_sign(second_draft, lead=lead, manager=manager)


def _status(version):
    return in_home(version).status


def _sign_offs(version):
    with scopes_disabled():
        return sorted(SignOff.objects.filter(version_id=version.pk).values_list("kind", "signed_by__username"))


# --- The panel --------------------------------------------------------------------------------------------------

def test_panel_offers_each_signatory_only_their_own_sign_off(in_review, lead, manager, admin_member, client_for):
    manager_page = client_for(manager).get(url("version", in_review)).text
    lead_page = client_for(lead).get(url("version", in_review)).text
    admin_page = client_for(admin_member).get(url("version", in_review)).text

    assert "Sign off for the strategic group" in manager_page and "Sign off for frontline staff" not in manager_page
    assert ("By signing off you confirm that version 2 has been agreed at strategic level in Testshire County "
            "Council") in manager_page
    assert "Sign off for frontline staff" in lead_page and "Sign off for the strategic group" not in lead_page
    assert "has been agreed with frontline staff" in lead_page
    assert "Sign off for" not in admin_page and "Return to draft" in admin_page
    assert "Publish this version" not in manager_page + lead_page + admin_page


def test_panel_shows_who_has_signed(in_review, manager, lead, client_for):
    with authority_scope(in_review.authority_id):
        consensus_version_sign_off(version=in_review, kind="strategic", actor_membership=manager)
    text = client_for(lead).get(url("version", in_review)).text
    assert re.search(rf"Given</strong> by {manager.user} \(manager\) for the strategic group", text)
    assert "Not given yet" in text


def test_publish_is_offered_once_both_have_signed(signed, manager, admin_member, lead, client_for):
    assert "Publish this version</button>" in client_for(manager).get(url("version", signed)).text
    assert "Publish this version</button>" in client_for(admin_member).get(url("version", signed)).text
    assert "Publish this version</button>" not in client_for(lead).get(url("version", signed)).text


# --- Send for sign-off ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona, actor", [("lead", "lee.lead"), ("admin_member", "ada.admin")])
def test_draft_is_sent_for_sign_off(persona, actor, second_draft, request, client_for, audit_rows):
    response = client_for(request.getfixturevalue(persona)).post(url("version_submit", second_draft))

    assert response.status_code == 302 and response.url == url("version", second_draft)
    assert _status(second_draft) == VersionStatus.IN_REVIEW
    assert audit_rows() == [("consensus.version.submitted", actor)]


def test_incomplete_draft_is_not_sent_and_the_page_says_why(second_draft, admin_member, client_for, audit_rows):
    with authority_scope(second_draft.authority_id):
        for level in RatingLevel.objects.filter(version=second_draft)[:3]:
            consensus_part_delete(item=level, actor_membership=admin_member)
    before = audit_rows()

    response = client_for(admin_member).post(url("version_submit", second_draft))

    assert response.status_code == 400
    assert '<a href="#sign-off">Add at least two points to the rating scale.</a>' in response.text
    assert _status(second_draft) == VersionStatus.DRAFT and audit_rows() == before


@pytest.mark.parametrize("persona", ["manager", "practitioner", "dpo"])
def test_roles_that_cannot_send_for_sign_off_are_refused(persona, second_draft, request, client_for):
    assert client_for(request.getfixturevalue(persona)).post(url("version_submit", second_draft)).status_code == 403
    assert _status(second_draft) == VersionStatus.DRAFT


def test_another_authority_cannot_send_our_draft(second_draft, outsider_admin, client_for):
    assert client_for(outsider_admin).post(url("version_submit", second_draft)).status_code == 404
    assert _status(second_draft) == VersionStatus.DRAFT


def test_send_for_sign_off_needs_a_post(second_draft, lead, client_for):
    assert client_for(lead).get(url("version_submit", second_draft)).status_code == 405


# --- Sign off ---------------------------------------------------------------------------------------------------

def test_manager_and_lead_sign_off(in_review, manager, lead, client_for, audit_rows):
    response = client_for(manager).post(url("version_sign_off", in_review), {"kind": "strategic"})
    assert response.status_code == 302
    response = client_for(lead).post(url("version_sign_off", in_review), {"kind": "frontline"})
    assert response.status_code == 302

    assert _sign_offs(in_review) == [("frontline", "lee.lead"), ("strategic", "max.manager")]
    assert audit_rows() == [("consensus.version.signed_off", "max.manager"), ("consensus.version.signed_off",
                                                                               "lee.lead")]


def test_a_lead_cannot_give_the_strategic_sign_off(in_review, lead, client_for, audit_rows):
    response = client_for(lead).post(url("version_sign_off", in_review), {"kind": "strategic"})
    assert response.status_code == 403
    assert _sign_offs(in_review) == [] and audit_rows() == []


def test_an_unknown_kind_of_sign_off_is_refused(in_review, manager, client_for):
    response = client_for(manager).post(url("version_sign_off", in_review), {"kind": "tactical"})
    assert response.status_code == 400 and "Choose strategic or frontline." in response.text
    assert _sign_offs(in_review) == []


def test_a_draft_cannot_be_signed_off(second_draft, manager, client_for):
    response = client_for(manager).post(url("version_sign_off", second_draft), {"kind": "strategic"})
    assert response.status_code == 409
    assert "Only a version in review can be signed off; version 2 is draft." in response.text


@pytest.mark.parametrize("persona", ["practitioner", "admin_member", "dpo"])
def test_roles_without_a_sign_off_are_refused(persona, in_review, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(url("version_sign_off", in_review), {"kind": "frontline"}).status_code == 403
    assert _sign_offs(in_review) == []


def test_another_authority_cannot_sign_off_our_version(in_review, outsider, client_for):
    assert client_for(outsider).post(url("version_sign_off", in_review), {"kind": "strategic"}).status_code == 404
    assert _sign_offs(in_review) == []


def test_sign_off_of_a_missing_version_is_not_found(in_review, manager, client_for):
    missing = reverse("consensus:version_sign_off", args=[in_review.pk + 1000])
    assert client_for(manager).post(missing, {"kind": "strategic"}).status_code == 404


def test_sign_off_needs_a_post(in_review, manager, client_for):
    assert client_for(manager).get(url("version_sign_off", in_review)).status_code == 405


# --- Return to draft --------------------------------------------------------------------------------------------

def test_returning_to_draft_withdraws_the_sign_offs(signed, manager, client_for, audit_rows):
    client = client_for(manager)
    assert "Why are you returning it to draft?" in client.get(url("version_return", signed)).text

    response = client.post(url("version_return", signed), {"reason": "The wording of extremism needs work."})

    assert response.status_code == 302 and response.url == url("version", signed)
    assert _status(signed) == VersionStatus.DRAFT and _sign_offs(signed) == []
    assert audit_rows() == [("consensus.version.returned", "max.manager")]


def test_returning_to_draft_needs_a_reason(in_review, manager, client_for, audit_rows):
    response = client_for(manager).post(url("version_return", in_review), {"reason": "  "})

    assert response.status_code == 400
    assert '<a href="#id_reason">Say why you are returning it to draft' in response.text
    assert _status(in_review) == VersionStatus.IN_REVIEW and audit_rows() == []


def test_a_draft_cannot_be_returned_to_draft(second_draft, manager, client_for):
    response = client_for(manager).get(url("version_return", second_draft))
    assert response.status_code == 302 and response.url == url("version", second_draft)


@pytest.mark.parametrize("persona", ["practitioner", "dpo"])
def test_roles_outside_the_agreement_cannot_return_it(persona, in_review, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(url("version_return", in_review), {"reason": "No"}).status_code == 403
    assert _status(in_review) == VersionStatus.IN_REVIEW


def test_another_authority_cannot_return_our_version(in_review, outsider, client_for):
    assert client_for(outsider).post(url("version_return", in_review), {"reason": "No"}).status_code == 404


def test_return_to_draft_wrong_method_is_rejected(in_review, manager, client_for):
    assert client_for(manager).put(url("version_return", in_review)).status_code == 405


# --- Publish ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona, actor", [("manager", "max.manager"), ("admin_member", "ada.admin")])
def test_signed_version_is_published_and_supersedes_the_one_in_force(persona, actor, signed, published, request,
                                                                     client_for, audit_rows):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(url("version_publish", signed))

    assert response.status_code == 302 and response.url == reverse("consensus:agreement")
    assert (_status(published), _status(signed)) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    assert audit_rows() == [("consensus.version.superseded", actor), ("consensus.version.published", actor)]
    assert "Version 2 has been published." in client.get(response.url).text


def test_a_lead_cannot_publish(signed, lead, client_for, audit_rows):
    assert client_for(lead).post(url("version_publish", signed)).status_code == 403
    assert _status(signed) == VersionStatus.IN_REVIEW and audit_rows() == []


def test_publishing_without_both_sign_offs_is_refused(in_review, manager, client_for, audit_rows):
    with authority_scope(in_review.authority_id):
        consensus_version_sign_off(version=in_review, kind="strategic", actor_membership=manager)
    before = audit_rows()

    response = client_for(manager).post(url("version_publish", in_review))

    assert response.status_code == 409
    assert "Version 2 needs its frontline sign-off before publishing." in response.text
    assert _status(in_review) == VersionStatus.IN_REVIEW and audit_rows() == before


def test_another_authority_cannot_publish_our_version(signed, outsider, client_for):
    assert client_for(outsider).post(url("version_publish", signed)).status_code == 404
    assert _status(signed) == VersionStatus.IN_REVIEW


def test_publish_needs_a_post(signed, manager, client_for):
    assert client_for(manager).get(url("version_publish", signed)).status_code == 405


@pytest.mark.parametrize("extra", [0, 10])
def test_publish_query_count_does_not_grow_with_the_agreement(extra, second_draft, admin_member, lead, manager,
                                                              client_for, django_assert_num_queries):
    """Most of these are the service's: it locks every version, compares the two versions for the audit row and
    writes two chained audit rows. The page itself reads the version once."""
    with authority_scope(second_draft.authority_id):
        for number in range(extra):
            consensus_part_create(version=second_draft, part="definitions", actor_membership=admin_member,
                                  data={"code": f"extra_{number}", "term": f"Term {number}", "wording": "Words."})
    signed = submit_and_sign(second_draft, lead=lead, manager=manager)
    with django_assert_num_queries(77):
        assert client_for(manager).post(url("version_publish", signed)).status_code == 302


# --- Discard ----------------------------------------------------------------------------------------------------

def test_admin_discards_a_draft_after_confirming(second_draft, admin_member, client_for, audit_rows):
    client = client_for(admin_member)
    assert "Are you sure you want to discard the draft of version 2?" in client.get(
        url("version_discard", second_draft)).text

    response = client.post(url("version_discard", second_draft))

    assert response.status_code == 302 and response.url == reverse("consensus:versions")
    with scopes_disabled():
        assert not ConsensusVersion.objects.filter(pk=second_draft.pk).exists()
    assert audit_rows() == [("consensus.version.discarded", "ada.admin")]


@pytest.mark.parametrize("persona", ["lead", "manager", "practitioner"])
def test_only_the_admin_discards(persona, second_draft, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(url("version_discard", second_draft)).status_code == 403
    assert _status(second_draft) == VersionStatus.DRAFT


def test_a_version_in_review_cannot_be_discarded(in_review, admin_member, client_for, audit_rows):
    response = client_for(admin_member).post(url("version_discard", in_review))
    assert response.status_code == 302 and _status(in_review) == VersionStatus.IN_REVIEW
    assert audit_rows() == []


def test_another_authority_cannot_discard_our_draft(second_draft, outsider_admin, client_for):
    assert client_for(outsider_admin).post(url("version_discard", second_draft)).status_code == 404
    assert _status(second_draft) == VersionStatus.DRAFT


def test_discard_wrong_method_is_rejected(second_draft, admin_member, client_for):
    assert client_for(admin_member).put(url("version_discard", second_draft)).status_code == 405
