"""/agreement/: the agreement in force, which every member of the authority reads."""

import pytest
from django.urls import reverse

from consensus.models import Definition
from consensus.services import consensus_part_create, consensus_part_update, consensus_timescales_update
from core.tenancy import authority_scope
from tests.consensus.conftest import new_draft, publish

pytestmark = pytest.mark.django_db
AGREEMENT = reverse("consensus:agreement")

# Session, user, OTP device and memberships (4); the agreement (10: the version with its timescales and people, one
# query per part, the sign-offs); and the savepoints of the request's transaction (5).
QUERIES = 19


def _grow(version, admin_member, count=10):
    """Add ``count`` items to several parts of a draft, so a page that grows per item would show it."""
    with authority_scope(version.authority_id):
        for number in range(count):
            consensus_part_create(version=version, part="definitions", actor_membership=admin_member,
                                  data={"code": f"extra_{number}", "term": f"Term {number}", "wording": "Words."})
            consensus_part_create(version=version, part="pathways", actor_membership=admin_member, data={
                "code": f"pathway_{number}", "label": f"Pathway {number}", "when_applies": "When needed.",
                "opens_case": True, "timescale_working_days": 3})
            consensus_part_create(version=version, part="indicators", actor_membership=admin_member,
                                  data={"code": f"sign_{number}", "group": "intent", "label": f"Sign {number}"})


@pytest.mark.parametrize("persona", ["practitioner", "lead", "manager", "admin_member", "dpo"])
def test_every_member_reads_the_agreement_in_force(persona, published, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(AGREEMENT)

    assert response.status_code == 200
    text = response.text
    assert "<h1 class=\"govuk-heading-l\">Our agreement</h1>" in text
    assert "The process by which someone comes to support terrorism" in text  # a definition's wording
    assert "A decision is due within 1 working day of a referral being submitted." in text
    assert "An assessment is due within 45 working days of a case being opened." in text


def test_page_shows_every_part_of_the_agreement(published, practitioner, client_for):
    text = client_for(practitioner).get(AGREEMENT).text

    assert 'id="definition-radicalisation"' in text and 'id="definition-channel"' in text
    assert "Vulnerability present but no ideology or CT risk" in text  # a concern type's Home Office category
    for group in ("Engagement", "Intent", "Capability"):
        assert f'<h3 class="govuk-heading-m">{group}</h3>' in text
    assert "Says that violence is justified or necessary for a cause" in text
    assert '<th scope="row" class="govuk-table__header" role="rowheader">Closure approval</th>' in text
    assert "Case lead for children, when the response is ‘Refer to the police Prevent gateway" in text
    assert "Child in need assessment (Children Act 1989, s17)" in text
    assert "Starts within 10 working days of the decision" in text
    assert "Open cases are reviewed at least every 12 weeks." in text
    assert "After a case is closed, it is reviewed again 6 months and 12 months later." in text
    assert "Access to weapons or other means of harm" in text  # an assessment factor
    assert "Strongly present, needs action now." in text  # a rating level


def test_page_says_who_signed_it_off_and_when_it_was_published(published, practitioner, lead, manager,
                                                               client_for):
    text = client_for(practitioner).get(AGREEMENT).text

    assert f"{manager.user} (manager) for the strategic group" in text
    assert f"{lead.user} (safeguarding lead) for frontline staff" in text
    assert f"published by {manager.user}" in text


def test_only_people_who_work_on_the_agreement_get_a_link_to_its_versions(published, practitioner, admin_member,
                                                                          client_for):
    versions = reverse("consensus:versions")
    assert versions not in client_for(practitioner).get(AGREEMENT).text
    assert versions in client_for(admin_member).get(AGREEMENT).text


def test_before_anything_is_published_the_page_says_so(draft, practitioner, client_for):
    response = client_for(practitioner).get(AGREEMENT)

    assert response.status_code == 200
    assert "Testshire County Council has not published its agreement yet." in response.text
    assert "definition-radicalisation" not in response.text  # the draft is not shown


def test_a_draft_changes_nothing_until_it_is_published(published, second_draft, admin_member, practitioner,
                                                       lead, manager, client_for):
    with authority_scope(second_draft.authority_id):
        definition = Definition.objects.get(version=second_draft, code="radicalisation")
        consensus_part_update(item=definition, data={"wording": "Our own wording."}, actor_membership=admin_member)
        consensus_timescales_update(version=second_draft, data={"decision_working_days": 2},
                                    actor_membership=admin_member)
    client = client_for(practitioner)
    assert "Our own wording." not in client.get(AGREEMENT).text

    publish(second_draft, lead=lead, manager=manager)
    text = client.get(AGREEMENT).text
    assert "Our own wording." in text
    assert "A decision is due within 2 working days of a referral being submitted." in text


def test_query_count_does_not_grow_with_the_agreement(published, admin_member, lead, manager, practitioner,
                                                      client_for, django_assert_num_queries):
    client = client_for(practitioner)
    with django_assert_num_queries(QUERIES):
        client.get(AGREEMENT)

    draft = new_draft(admin_member)
    _grow(draft, admin_member)
    publish(draft, lead=lead, manager=manager)
    with django_assert_num_queries(QUERIES):
        text = client.get(AGREEMENT).text
    assert "Term 9" in text and "Pathway 9" in text and "Sign 9" in text


def test_markup_in_the_agreement_is_shown_escaped(published, admin_member, lead, manager, practitioner, client_for):
    draft = new_draft(admin_member)
    with authority_scope(draft.authority_id):
        consensus_part_create(version=draft, part="definitions", actor_membership=admin_member, data={
            "code": "markup", "term": "<b>Bold</b>", "wording": "<script>alert(1)</script>",
            "guidance": "<img src=x onerror=alert(2)>"})
    publish(draft, lead=lead, manager=manager)

    text = client_for(practitioner).get(AGREEMENT).text
    assert "<script>alert(1)</script>" not in text and "<img src=x" not in text and "<b>Bold</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;Bold&lt;/b&gt;" in text


def test_another_authority_sees_its_own_agreement_only(published, outsider, client_for):
    text = client_for(outsider).get(AGREEMENT).text

    assert "Otherton City Council has not published its agreement yet." in text
    assert "definition-radicalisation" not in text


def test_wrong_method_is_rejected(published, practitioner, client_for):
    assert client_for(practitioner).post(AGREEMENT).status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(published, client):
    response = client.get(AGREEMENT)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign_in"))


def test_every_member_finds_it_in_the_menu_and_on_their_home_page(practitioner, client_for):
    text = client_for(practitioner).get(reverse("home")).text
    assert f'<a class="govuk-service-navigation__link" href="{AGREEMENT}">Our agreement</a>' in text
    assert "Read our agreement: what radicalisation means here, who responds and how" in text
