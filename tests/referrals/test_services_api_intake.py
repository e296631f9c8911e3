"""referral_create_from_api: one call, with Idempotency-Key semantics."""

import pytest
from django_scopes import scopes_disabled

from core.tenancy import authority_scope
from referrals.models import IdempotencyKey, Referral
from referrals.services import IdempotencyConflict, referral_create_from_api
from referrals.validation import ReferralInputError
from tests.referrals.conftest import referral_data

pytestmark = pytest.mark.django_db


def create(membership, data, key=None):
    with authority_scope(membership.authority_id):
        return referral_create_from_api(actor_membership=membership, data=data, idempotency_key=key)


def test_the_same_key_and_body_twice_creates_one_referral(agreement, practitioner, audit_rows):
    first, created = create(practitioner, referral_data(), "partner-123")
    again, created_again = create(practitioner, referral_data(), "partner-123")
    assert (created, created_again) == (True, False) and again.pk == first.pk
    with scopes_disabled():
        assert Referral.objects.count() == 1
    assert [row[0] for row in audit_rows()] == ["referrals.referral.drafted", "referrals.referral.submitted"]


def test_the_same_key_with_a_different_body_is_a_conflict(agreement, practitioner):
    create(practitioner, referral_data(), "partner-123")
    with pytest.raises(IdempotencyConflict) as error:
        create(practitioner, referral_data(first_name="Other"), "partner-123")
    assert (error.value.code, error.value.status_code) == ("idempotency_conflict", 409)


def test_keys_belong_to_one_user(agreement, practitioner, lead):
    first, _ = create(practitioner, referral_data(), "shared-key")
    second, created = create(lead, referral_data(), "shared-key")
    assert created and second.pk != first.pk


def test_a_failed_request_does_not_use_up_its_key(agreement, practitioner):
    with pytest.raises(ReferralInputError):
        create(practitioner, referral_data(postcode="nonsense"), "retry-me")
    with scopes_disabled():
        assert not IdempotencyKey.objects.exists() and not Referral.objects.exists()
    referral, created = create(practitioner, referral_data(), "retry-me")
    assert created and referral.status == "submitted"


def test_without_a_key_every_call_creates_a_referral(agreement, practitioner):
    create(practitioner, referral_data())
    create(practitioner, referral_data())
    with scopes_disabled():
        assert Referral.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "bad\nkey"])
def test_a_malformed_key_is_refused(agreement, practitioner, key):
    with pytest.raises(Exception) as error:
        create(practitioner, referral_data(), key)
    assert getattr(error.value, "field", None) == "idempotency_key"
