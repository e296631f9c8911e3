import datetime as dt

import pytest
from django_scopes import scopes_disabled

from consensus import permissions
from consensus.models import ConsensusVersion
from consensus.selectors import (
    consensus_current_for,
    consensus_decision_due_at,
    consensus_responsibility_table,
    consensus_responsible_for,
    consensus_version_get_for_user,
    consensus_version_list_awaiting_sign_off,
    consensus_version_list_visible_to,
)
from consensus.services import (
    consensus_part_create,
    consensus_version_sign_off,
    consensus_version_submit_for_review,
)
from consensus.working_days import LONDON
from tests.consensus.conftest import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_scope")]


def _touch_everything(version):
    return [list(version.definitions.all()), list(version.concern_types.all()), list(version.indicators.all()),
            list(version.pathways.all()), [(row.team, row.pathway) for row in version.responsibilities.all()],
            list(version.dimensions.all()), [factor.dimension.code for factor in version.factors.all()],
            list(version.rating_levels.all()), [sign_off.signed_by for sign_off in version.sign_offs.all()],
            version.timescales.decision_working_days, version.created_by, version.published_by]


def test_current_agreement_loads_in_a_constant_number_of_queries(home, published, second_draft, admin_member,
                                                                 lead, manager, django_assert_num_queries):
    with django_assert_num_queries(10):
        _touch_everything(consensus_current_for(home))
    for number in range(15):
        consensus_part_create(version=second_draft, part="definitions", actor_membership=admin_member,
                              data={"code": f"extra_{number}", "term": f"Term {number}", "wording": "Words."})
    publish(second_draft, lead=lead, manager=manager)
    with django_assert_num_queries(10):
        current = consensus_current_for(home)
        _touch_everything(current)
    assert current.pk == second_draft.pk and len(current.definitions.all()) == 21


def test_no_current_agreement_before_the_first_is_published(home, draft):
    assert consensus_current_for(home) is None


def test_current_agreement_is_per_authority(home, away, published, away_published, in_scope):
    assert consensus_current_for(home).pk == published.pk
    with in_scope(away.pk):
        assert consensus_current_for(away).pk == away_published.pk
        assert consensus_current_for(home) is None  # home's rows are outside away's scope


def test_practitioners_see_published_versions_only(published, second_draft, practitioner, admin_member):
    assert list(consensus_version_list_visible_to(practitioner)) == [ConsensusVersion.objects.get(pk=published.pk)]
    assert [v.number for v in consensus_version_list_visible_to(admin_member)] == [2, 1]
    with pytest.raises(ConsensusVersion.DoesNotExist):
        consensus_version_get_for_user(practitioner, second_draft.pk)
    assert consensus_version_get_for_user(admin_member, second_draft.pk).pk == second_draft.pk


def test_another_authoritys_version_is_not_found(published, away, outsider, in_scope):
    with in_scope(away.pk), pytest.raises(ConsensusVersion.DoesNotExist):
        consensus_version_get_for_user(outsider, published.pk)


def test_sign_off_queue(draft, lead, manager, practitioner):
    assert list(consensus_version_list_awaiting_sign_off(manager)) == []
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    assert [v.pk for v in consensus_version_list_awaiting_sign_off(manager)] == [draft.pk]
    assert [v.pk for v in consensus_version_list_awaiting_sign_off(lead)] == [draft.pk]
    consensus_version_sign_off(version=draft, kind="strategic", actor_membership=manager)
    assert list(consensus_version_list_awaiting_sign_off(manager)) == []
    assert [v.pk for v in consensus_version_list_awaiting_sign_off(lead)] == [draft.pk]
    assert list(consensus_version_list_awaiting_sign_off(practitioner)) == []


@pytest.mark.parametrize(("persona", "expected"), [
    ("admin_member", ["edit", "discard", "submit"]),
    ("lead", ["submit"]),
    ("manager", []),
    ("practitioner", []),
])
def test_actions_on_a_draft(draft, persona, expected, request):
    assert permissions.get_actions(draft, request.getfixturevalue(persona)) == expected


def test_actions_in_review_follow_the_sign_offs(draft, lead, manager, admin_member, outsider):
    consensus_version_submit_for_review(version=draft, actor_membership=lead)
    draft = ConsensusVersion.objects.get(pk=draft.pk)
    assert permissions.get_actions(draft, manager) == ["return_to_draft", "sign_off_strategic"]
    assert permissions.get_actions(draft, lead) == ["return_to_draft", "sign_off_frontline"]
    assert permissions.get_actions(draft, admin_member) == ["return_to_draft"]
    consensus_version_sign_off(version=draft, kind="strategic", actor_membership=manager)
    consensus_version_sign_off(version=draft, kind="frontline", actor_membership=lead)
    assert permissions.get_actions(draft, manager) == ["return_to_draft", "publish"]
    assert permissions.get_actions(draft, lead) == ["return_to_draft"]


def test_responsible_for_prefers_the_pathway_row(published):
    version = ConsensusVersion.objects.get(pk=published.pk)
    general = consensus_responsible_for(version, stage="case_lead", subject_group="child")
    channel = consensus_responsible_for(version, stage="case_lead", subject_group="child", pathway_code="channel")
    other = consensus_responsible_for(version, stage="case_lead", subject_group="child", pathway_code="early_help")
    assert (general.role, general.pathway) == ("practitioner", None)
    assert (channel.role, channel.pathway.code) == ("safeguarding_lead", "channel")
    assert other.pk == general.pk


def test_responsibility_table_is_in_process_order_without_queries(published, django_assert_num_queries):
    version = consensus_current_for(published.authority_id)
    with django_assert_num_queries(0):
        table = consensus_responsibility_table(version)
    assert [row["stage"] for row in table] == ["screening", "decision", "case_lead", "review", "closure_approval"]
    assert table[0]["child"].role == "safeguarding_lead" and table[0]["by_pathway"] == []
    assert [(row.subject_group, row.pathway.code) for row in table[2]["by_pathway"]] == [
        ("adult", "channel"), ("child", "channel")]


def test_decision_due_uses_the_versions_timescale(published):
    version = consensus_current_for(published.authority_id)
    friday_evening = dt.datetime(2026, 5, 1, 18, 30, tzinfo=LONDON)  # Monday 4 May is a bank holiday
    assert consensus_decision_due_at(version, friday_evening) == dt.datetime(2026, 5, 5, 17, 0, tzinfo=LONDON)


def test_outsider_sees_nothing_of_ours_and_practitioner_has_no_actions(published, away, outsider, practitioner,
                                                                       in_scope):
    with in_scope(away.pk):
        assert list(consensus_version_list_visible_to(outsider)) == []
    with scopes_disabled():
        version = ConsensusVersion.objects.get(pk=published.pk)
    assert permissions.get_actions(version, practitioner) == []
