"""The duplicate and repeat-referral check, end to end through submission."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from referrals.models import DuplicateMatch
from referrals.selectors import referral_duplicate_matches
from tests.referrals.conftest import submitted

pytestmark = pytest.mark.django_db
BORN = dt.date(2010, 4, 12)


def test_a_name_variant_of_an_earlier_subject_is_found_with_the_earlier_referral(
        agreement, practitioner, lead, audit_rows):
    earlier = submitted(practitioner, first_name="Mohammed", last_name="Al-Hassan", date_of_birth=BORN,
                        aliases=[], postcode="LS6 1AB")
    submitted(practitioner, first_name="Olivia", last_name="Brennan", date_of_birth=dt.date(2011, 1, 2),
              aliases=[], postcode="M1 1AE")
    later = submitted(practitioner, first_name="Muhammad", last_name="Alhassan", date_of_birth=BORN, aliases=[],
                      postcode="LS6 1AB")

    with authority_scope(lead.authority_id):
        [match] = referral_duplicate_matches(lead, later)
    assert match.matched_subject_id == earlier.subject_id and match.likely_same_person
    assert match.score >= 0.7 and match.reasons
    assert [referral.reference for referral in match.matched_subject.earlier_referrals] == [earlier.reference]
    submitted_rows = [row for row in audit_rows() if row[0] == "referrals.referral.submitted"]
    assert len(submitted_rows) == 3


def test_a_transposed_date_of_birth_and_an_alias_still_match(agreement, practitioner, lead):
    earlier = submitted(practitioner, first_name="Katherine", last_name="Novak", date_of_birth=dt.date(2009, 3, 7),
                        aliases=["Kasia Novakova"])
    later = submitted(practitioner, first_name="Kate", last_name="Novak", date_of_birth=dt.date(2009, 7, 3),
                      aliases=[])
    with authority_scope(lead.authority_id):
        matches = referral_duplicate_matches(lead, later)
    assert [match.matched_subject_id for match in matches if match.likely_same_person] == [earlier.subject_id]


def test_a_twin_is_shown_as_related_but_never_as_the_same_person(agreement, practitioner, lead):
    earlier = submitted(practitioner, first_name="Aisha", last_name="Okafor", date_of_birth=BORN, aliases=[])
    twin = submitted(practitioner, first_name="Zainab", last_name="Okafor", date_of_birth=BORN, aliases=[])
    with authority_scope(lead.authority_id):
        [match] = referral_duplicate_matches(lead, twin)
    assert match.matched_subject_id == earlier.subject_id
    assert (match.likely_same_person, match.related) == (False, True)


def test_drafts_and_other_authorities_are_never_candidates(agreement, away_agreement, practitioner, outsider):
    from tests.referrals.conftest import draft

    draft(practitioner)  # the same person, not submitted
    submitted(outsider)  # the same person, in another authority
    referral = submitted(practitioner)
    with scopes_disabled():
        assert not DuplicateMatch.objects.filter(referral=referral).exists()


def test_practitioners_do_not_see_duplicate_matches(agreement, practitioner):
    referral = submitted(practitioner)
    with authority_scope(practitioner.authority_id), pytest.raises(PermissionDenied):
        referral_duplicate_matches(practitioner, referral)
