"""Receivers of signals from apps below cases (connected in CasesConfig.ready)."""

from cases.services import case_open_from_referral


def open_case_when_decided(sender, *, referral, actor_membership, at, **kwargs):
    """A decision whose pathway opens a case opens it, in the decision's transaction. Returns the case."""
    if not referral.pathway.opens_case:
        return None
    return case_open_from_referral(referral=referral, actor_membership=actor_membership, at=at)
