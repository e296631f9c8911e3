"""The starter agreement, publishing it for a new authority, and the two demo authorities' different agreements."""

import pytest
from django_scopes import scopes_disabled

from accounts.demo import seed_demo
from accounts.models import Authority
from accounts.roles import Role
from audit.models import AuditEvent
from consensus import starter
from consensus.demo import seed_demo_agreements
from consensus.models import ConsensusVersion, HomeOfficeCategory, SignOff, VersionStatus
from consensus.parts import PART_SPECS, PartContext
from consensus.selectors import consensus_current_for
from consensus.services import consensus_starter_publish
from core.exceptions import InvalidTransition, PermissionDenied
from core.tenancy import authority_scope
from tests.consensus.conftest import make_member

pytestmark = pytest.mark.django_db


def test_the_starter_content_passes_every_rule():
    items = starter.starter_items()
    context = PartContext(teams={}, pathway_codes=frozenset(item["code"] for item in items["pathways"]),
                          dimension_codes=frozenset(item["code"] for item in items["dimensions"]))
    for name, spec in PART_SPECS.items():
        keys = [spec.key(spec.clean(item, context)) for item in items[name]]
        assert len(keys) == len(set(keys)), name
    assert {item["home_office_category"] for item in items["concern_types"]} == set(HomeOfficeCategory.values)
    assert {item["group"] for item in items["indicators"]} == {"engagement", "intent", "capability"}
    assert [item["code"] for item in items["dimensions"]] == ["engagement", "intent", "capability"]


def test_unknown_team_hints_are_refused():
    with pytest.raises(ValueError, match="Unknown team hints"):
        starter.starter_items({"police": object()})


def test_publishing_the_starter_for_a_new_authority(home, lead, manager, home_team, audit_rows):
    with authority_scope(home.pk):
        version = consensus_starter_publish(proposer=lead, strategic=manager, frontline=lead,
                                            teams={"children": home_team})
        current = consensus_current_for(home)
        assert current.pk == version.pk and current.status == VersionStatus.PUBLISHED
        assert {sign_off.kind: sign_off.signed_by for sign_off in SignOff.objects.filter(version=version)} == {
            "strategic": manager.user, "frontline": lead.user}
    assert audit_rows() == [("consensus.version.drafted", "lee.lead"), ("consensus.version.submitted", "lee.lead"),
                            ("consensus.version.signed_off", "max.manager"),
                            ("consensus.version.signed_off", "lee.lead"),
                            ("consensus.version.published", "max.manager")]


def test_the_starter_is_only_for_an_authority_without_an_agreement(home, lead, manager, published, audit_rows):
    with authority_scope(home.pk), pytest.raises(InvalidTransition, match="already has an agreement"):
        consensus_starter_publish(proposer=lead, strategic=manager, frontline=lead)
    assert audit_rows() == []


def test_the_wrong_role_cannot_publish_the_starter(home, practitioner, lead, manager, audit_rows):
    with authority_scope(home.pk), pytest.raises(PermissionDenied):
        consensus_starter_publish(proposer=practitioner, strategic=manager, frontline=lead)
    with authority_scope(home.pk):
        assert not ConsensusVersion.objects.filter(authority=home).exists()
    assert audit_rows() == []


def test_people_from_another_authority_cannot_take_part(home, away, lead, outsider):
    with authority_scope(home.pk), pytest.raises(ValueError, match="same authority"):
        consensus_starter_publish(proposer=lead, strategic=outsider, frontline=lead)


@pytest.fixture
def demo(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = True
    seed_demo()
    return seed_demo_agreements()


def _current(code):
    with scopes_disabled():
        authority = Authority.objects.get(code=code)
    with authority_scope(authority.pk):
        return consensus_current_for(authority)


def test_demo_authorities_publish_different_agreements(demo):
    northmoor, eastvale = _current("NMR"), _current("EVL")

    assert demo == ["Northmoor Borough Council: agreement version 1 in force",
                    "Eastvale District Council: agreement version 1 in force"]
    assert (northmoor.timescales.decision_working_days, eastvale.timescales.decision_working_days) == (1, 2)
    nmr_pathways = {pathway.code for pathway in northmoor.pathways.all()}
    evl_pathways = {pathway.code for pathway in eastvale.pathways.all()}
    assert nmr_pathways - evl_pathways == {"early_help"} and evl_pathways - nmr_pathways == {"early_help_assessment"}
    assert all(row.team is not None for row in northmoor.responsibilities.all())
    early_help = [row for row in eastvale.responsibilities.all() if row.pathway and
                  row.pathway.code == "early_help_assessment"]
    assert [(row.stage, row.team.name) for row in early_help] == [("case_lead", "Early help")]
    assert {sign_off.signed_by.username for sign_off in eastvale.sign_offs.all()} == {"evl.lead", "evl.manager"}


def test_demo_agreements_are_idempotent(demo):
    with scopes_disabled():
        events = AuditEvent.objects.count()
    assert seed_demo_agreements() == demo
    with scopes_disabled():
        assert AuditEvent.objects.count() == events
        assert ConsensusVersion.objects.count() == 2


def test_demo_people_cannot_cross_authorities(demo):
    with scopes_disabled():
        eastvale = Authority.objects.get(code="EVL")
        northmoor_version = ConsensusVersion.objects.get(authority__code="NMR")
    evl_dpo = make_member(eastvale, Role.DPO, "evl.seconddpo")
    with authority_scope(eastvale.pk):
        assert not ConsensusVersion.objects.filter(pk=northmoor_version.pk).exists()
        with pytest.raises(PermissionDenied):
            consensus_starter_publish(proposer=evl_dpo, strategic=evl_dpo, frontline=evl_dpo)
