"""Editing a draft: add, change and remove items of each part, the timescales and the summary of change.

Every public service checks the policy, locks the version (so an edit cannot race a submission), refuses anything
but a draft, validates, writes and audits the change (old and new values) in one transaction. The ``part_*`` and
``*_change`` helpers do the writing for a version already locked and checked; ``changes.py`` uses them too.
"""

from collections.abc import Mapping

from django.db import transaction

from accounts.models import Membership
from audit.services import audit_record
from consensus.models import ConsensusVersion, Timescales
from consensus.parts import PART_SPECS, REFERENCES, SPEC_BY_MODEL, TIMESCALE_FIELDS, PartSpec, clean_timescales
from consensus.services._common import changed_fields, lock_editable, model_values, part_context
from consensus.validation import Cleaner, ConsensusInputError

SUMMARY_MAX = 2000


def _audit(action: str, actor_membership: Membership, version: ConsensusVersion, spec: PartSpec, values, data):
    audit_record(action=f"consensus.{spec.entity}.{action}", actor=actor_membership.user, target=version,
                 data={"version": version.number, "part": spec.name, "key": spec.key(values),
                       "item": spec.item_label(values), **data})


def _check_key_free(spec: PartSpec, version: ConsensusVersion, values: Mapping, exclude_pk=None) -> None:
    key = spec.key(values)
    items = spec.model.objects.filter(version=version).select_related(*spec.related).exclude(pk=exclude_pk)
    if any(spec.key(spec.values(item)) == key for item in items):
        raise ConsensusInputError({spec.key_field: [spec.duplicate]})


def users_of(spec: PartSpec, version: ConsensusVersion, item) -> list[str]:
    """Labels of the items that still refer to ``item`` (responsibilities naming a pathway, factors of a
    dimension)."""
    if spec.name not in REFERENCES:
        return []
    user_part, field = REFERENCES[spec.name]
    user_spec = PART_SPECS[user_part]
    users = user_spec.model.objects.filter(version=version, **{field: item}).select_related(*user_spec.related)
    return [user_spec.item_label(user_spec.values(user)) for user in users]


def in_use_message(spec: PartSpec, item_label: str, users: list[str]) -> str:
    user_part = PART_SPECS[REFERENCES[spec.name][0]]
    return (f"“{item_label}” is still used by: {'; '.join(users)}. "
            f"Change or remove those {user_part.label.lower()} first.")


def part_insert(*, version: ConsensusVersion, spec: PartSpec, values: Mapping, actor_membership: Membership):
    item = spec.model.objects.create(authority_id=version.authority_id, version=version,
                                     **model_values(spec, version, values))
    _audit("added", actor_membership, version, spec, values, {"new": spec.values(item)})
    return item


def part_change(*, version: ConsensusVersion, spec: PartSpec, item, values: Mapping, actor_membership: Membership):
    old, new = changed_fields(spec.values(item), values)
    if new:
        changes = model_values(spec, version, new)
        for name, value in changes.items():
            setattr(item, name, value)
        item.save(update_fields=[*(name.removesuffix("_id") for name in changes), "updated_at"])
        _audit("changed", actor_membership, version, spec, values, {"old": old, "new": new})
    return item


def part_remove(*, version: ConsensusVersion, spec: PartSpec, item, actor_membership: Membership) -> None:
    before = spec.values(item)
    users = users_of(spec, version, item)
    if users:
        raise ConsensusInputError({"code": [in_use_message(spec, spec.item_label(before), users)]})
    item.delete()
    _audit("removed", actor_membership, version, spec, before, {"old": before})


def timescales_change(*, version: ConsensusVersion, values: Mapping, actor_membership: Membership) -> Timescales:
    timescales = Timescales.objects.get(version=version)
    old, new = changed_fields({name: getattr(timescales, name) for name in TIMESCALE_FIELDS}, values)
    if new:
        for name, value in new.items():
            setattr(timescales, name, value)
        timescales.save(update_fields=[*new, "updated_at"])
        audit_record(action="consensus.timescales.changed", actor=actor_membership.user, target=version,
                     data={"version": version.number, "old": old, "new": new})
    return timescales


def clean_summary(summary) -> str:
    cleaner = Cleaner({"summary": summary})
    cleaner.text("summary", "Summary of change", max_length=SUMMARY_MAX, required=False)
    return cleaner.result().get("summary", "")


def summary_change(*, version: ConsensusVersion, summary: str, actor_membership: Membership) -> None:
    if summary != version.summary:
        old, version.summary = version.summary, summary
        version.save(update_fields=["summary", "updated_at"])
        audit_record(action="consensus.version.changed", actor=actor_membership.user, target=version,
                     data={"version": version.number, "old": {"summary": old}, "new": {"summary": summary}})


def _spec(part: str) -> PartSpec:
    try:
        return PART_SPECS[part]
    except KeyError:
        raise ValueError(f"Unknown agreement part {part!r}") from None


def _locked_item(item, actor_membership: Membership):
    spec = SPEC_BY_MODEL[type(item)]
    version = lock_editable(item.version, actor_membership)
    return spec, version, spec.model.objects.select_related(*spec.related).get(version=version, pk=item.pk)


@transaction.atomic
def consensus_part_create(*, version: ConsensusVersion, part: str, data: Mapping, actor_membership: Membership):
    """Add an item to one part (``part`` is a key of PART_SPECS, e.g. "pathways") of a draft."""
    spec = _spec(part)
    version = lock_editable(version, actor_membership)
    values = spec.clean(data, part_context(version))
    _check_key_free(spec, version, values)
    return part_insert(version=version, spec=spec, values=values, actor_membership=actor_membership)


@transaction.atomic
def consensus_part_update(*, item, data: Mapping, actor_membership: Membership):
    """Change some fields of a draft's item; fields not in ``data`` keep their values."""
    spec, version, item = _locked_item(item, actor_membership)
    values = spec.clean({**spec.values(item), **data}, part_context(version))
    if spec.key(values) != spec.key(spec.values(item)):
        _check_key_free(spec, version, values, exclude_pk=item.pk)
    return part_change(version=version, spec=spec, item=item, values=values, actor_membership=actor_membership)


@transaction.atomic
def consensus_part_delete(*, item, actor_membership: Membership) -> None:
    """Remove a draft's item. A pathway or dimension still referred to is refused with a field error."""
    spec, version, item = _locked_item(item, actor_membership)
    part_remove(version=version, spec=spec, item=item, actor_membership=actor_membership)


@transaction.atomic
def consensus_timescales_update(*, version: ConsensusVersion, data: Mapping,
                                actor_membership: Membership) -> Timescales:
    version = lock_editable(version, actor_membership)
    current = Timescales.objects.filter(version=version).values(*TIMESCALE_FIELDS).get()
    values = clean_timescales({**current, **data})
    return timescales_change(version=version, values=values, actor_membership=actor_membership)


@transaction.atomic
def consensus_version_update(*, version: ConsensusVersion, summary: str,
                             actor_membership: Membership) -> ConsensusVersion:
    """Change a draft's summary of what it changes."""
    version = lock_editable(version, actor_membership)
    summary_change(version=version, summary=clean_summary(summary), actor_membership=actor_membership)
    return version
