"""Whether an authority shares its evidence base: an authority administrator's setting, audited. Sharing pools the
authority's figures with the other sharing authorities' (behind disclosure control) and shows its published
learning notes to them; an authority that does not share contributes nothing and sees nothing pooled."""

from datetime import datetime

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from core.exceptions import FieldErrors
from core.tenancy import scopes_disabled
from evidence import permissions
from evidence.models import EvidenceSharing
from referrals.services._common import backdated, moment


def sharing_for(authority_id: int) -> EvidenceSharing | None:
    """The authority's setting (None until an administrator first sets it: not sharing)."""
    return EvidenceSharing.objects.filter(authority_id=authority_id).select_related("changed_by").first()


def opted_in_authority_ids() -> list[int]:
    """Every authority sharing its evidence base. A deliberate read across authorities: the setting is the one
    thing the pooled figures and shared notes may look up about other authorities before reading their rows."""
    with scopes_disabled():
        return sorted(EvidenceSharing.objects.filter(opted_in=True).values_list("authority_id", flat=True))


@transaction.atomic
def evidence_sharing_set(*, actor_membership: Membership, opted_in: bool,
                         at: datetime | None = None) -> EvidenceSharing:
    """Start or stop sharing the actor's authority's evidence base. Setting it to what it is already changes
    nothing and writes nothing."""
    permissions.require(actor_membership, permissions.A.MANAGE_SHARING)
    if not isinstance(opted_in, bool):
        raise FieldErrors({"opted_in": ["Choose whether your authority shares its evidence base"]})
    when = moment(at)
    row, _ = EvidenceSharing.objects.get_or_create(authority_id=actor_membership.authority_id)
    row = EvidenceSharing.objects.select_for_update().get(pk=row.pk)
    if row.opted_in == opted_in and row.changed_at is not None:
        return row
    old = row.opted_in
    row.opted_in, row.changed_by, row.changed_at = opted_in, actor_membership.user, when
    row.save(update_fields=["opted_in", "changed_by", "changed_at", "updated_at"])
    audit_record(action="evidence.sharing.opted_in" if opted_in else "evidence.sharing.opted_out",
                 actor=actor_membership.user, target=row,
                 data={"old": {"opted_in": old}, "new": {"opted_in": opted_in}, **backdated(at)})
    return row
