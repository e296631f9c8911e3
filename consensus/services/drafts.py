"""Starting and discarding drafts. A new draft is a deep copy of the published version, or the starter agreement
when the authority has none yet. An authority has at most one open (draft or in review) version at a time."""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max

from accounts.models import Authority, Membership, Team
from audit.services import audit_record
from consensus import permissions, starter
from consensus.models import OPEN_STATUSES, ConsensusVersion, Timescales, VersionStatus
from consensus.parts import PART_SPECS, PartContext
from consensus.services._common import lock_version, model_values
from consensus.services.parts import clean_summary
from consensus.transitions import DISCARDABLE_STATUSES
from core.exceptions import InvalidTransition

_NOT_COPIED = {"id", "authority", "version", "created_at", "updated_at"}


def _copy_parts(source: ConsensusVersion, target: ConsensusVersion) -> dict[str, int]:
    """Copy every part of ``source`` into ``target``; references (pathway, dimension) point at the copies."""
    copies: dict[str, dict[int, object]] = {}
    counts = {}
    for spec in PART_SPECS.values():
        fields = [field for field in spec.model._meta.concrete_fields if field.name not in _NOT_COPIED]
        originals = list(spec.model.objects.filter(version=source).order_by("pk"))
        new_items = []
        for original in originals:
            values = {field.attname: getattr(original, field.attname) for field in fields}
            if "pathway_id" in values and values["pathway_id"] is not None:
                values["pathway_id"] = copies["pathways"][values["pathway_id"]].pk
            if "dimension_id" in values:
                values["dimension_id"] = copies["dimensions"][values["dimension_id"]].pk
            new_items.append(spec.model(authority_id=target.authority_id, version=target, **values))
        created = spec.model.objects.bulk_create(new_items)
        copies[spec.name] = {original.pk: copy for original, copy in zip(originals, created, strict=True)}
        counts[spec.name] = len(created)
    timescales = Timescales.objects.get(version=source)
    timescales.pk, timescales.version = None, target
    timescales.save(force_insert=True)
    return counts


def _insert_starter(target: ConsensusVersion, teams: Mapping[str, Team] | None) -> dict[str, int]:
    items = starter.starter_items(teams)
    context = PartContext(teams=Team.objects.filter(authority_id=target.authority_id).in_bulk(),
                          pathway_codes=frozenset(item["code"] for item in items["pathways"]),
                          dimension_codes=frozenset(item["code"] for item in items["dimensions"]))
    for name, spec in PART_SPECS.items():
        for item in items[name]:
            spec.model.objects.create(authority_id=target.authority_id, version=target,
                                      **model_values(spec, target, spec.clean(item, context)))
    Timescales.objects.create(authority_id=target.authority_id, version=target)
    return {name: len(values) for name, values in items.items()}


@transaction.atomic
def consensus_draft_create(*, actor_membership: Membership, summary: str = "",
                           starter_teams: Mapping[str, Team] | None = None) -> ConsensusVersion:
    """Start the next version of the actor's authority's agreement.

    ``starter_teams`` maps the starter's team hints to teams; it is used only when there is no published version.
    """
    permissions.require(actor_membership, permissions.ConsensusAction.CREATE_DRAFT)
    summary = clean_summary(summary)
    authority = Authority.objects.select_for_update(no_key=True).get(pk=actor_membership.authority_id)
    versions = ConsensusVersion.objects.filter(authority=authority)
    open_version = versions.filter(status__in=OPEN_STATUSES).first()
    if open_version is not None:
        raise InvalidTransition(f"Version {open_version.number} is already {open_version.get_status_display().lower()}"
                                ". Finish or discard it before starting another.")
    current = versions.filter(status=VersionStatus.PUBLISHED).first()
    number = (versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = ConsensusVersion.objects.create(authority=authority, number=number, based_on=current,
                                            summary=summary or ("" if current else starter.SUMMARY),
                                            created_by=actor_membership.user)
    counts = _copy_parts(current, draft) if current else _insert_starter(draft, starter_teams)
    audit_record(action="consensus.version.drafted", actor=actor_membership.user, target=draft,
                 data={"version": number, "based_on": current.number if current else None,
                       "source": "copy" if current else "starter", "counts": counts,
                       "new": {"status": VersionStatus.DRAFT, "summary": draft.summary}})
    return draft


@transaction.atomic
def consensus_draft_discard(*, version: ConsensusVersion, actor_membership: Membership) -> None:
    version = lock_version(version, actor_membership, permissions.ConsensusAction.DISCARD)
    if version.status not in DISCARDABLE_STATUSES:
        raise InvalidTransition(f"Only a draft can be discarded; version {version.number} is "
                                f"{version.get_status_display().lower()}.")
    audit_record(action="consensus.version.discarded", actor=actor_membership.user, target=version,
                 data={"version": version.number, "old": {"status": version.status, "summary": version.summary}})
    version.delete()
