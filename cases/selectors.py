"""Reads of cases, always starting from the policy's queryset (permissions.case_visible_to).

Missing and not visible are the same: ``Case.DoesNotExist`` (a 404)."""

from accounts.models import Membership
from cases import permissions
from cases.models import Case


def case_get_for_user(membership: Membership, case_id: int) -> Case:
    """One case with what its page shows loaded: the subject, team, lead worker and the referral it came from."""
    return (permissions.case_visible_to(membership)
            .select_related("subject", "team", "lead_worker", "opened_by", "consensus_version", "referral",
                            "referral__pathway")
            .get(pk=case_id))
