"""Many edits to a draft at once (the API's PATCH): everything is validated before anything is written, so a bad
item leaves the draft exactly as it was, and every problem is reported with its place (``pathways.2.code``)."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import Membership
from consensus.models import ConsensusVersion, Timescales
from consensus.parts import PART_SPECS, REFERENCES, TIMESCALE_FIELDS, PartContext, PartSpec, clean_timescales
from consensus.services._common import lock_editable, part_context
from consensus.services.parts import (
    clean_summary,
    in_use_message,
    part_change,
    part_insert,
    part_remove,
    summary_change,
    timescales_change,
    users_of,
)
from consensus.validation import ConsensusInputError

EDITABLE_KEYS = frozenset({"summary", "timescales", *PART_SPECS})


@dataclass
class _Plan:
    summary: str | None = None
    timescales: dict | None = None
    parts: dict[str, dict[str, dict]] = field(default_factory=dict)  # part -> key -> cleaned values
    existing: dict[str, dict[str, object]] = field(default_factory=dict)  # part -> key -> item
    errors: list[ConsensusInputError] = field(default_factory=list)

    def attempt(self, prefix: str, clean, *args):
        try:
            return clean(*args)
        except ConsensusInputError as error:
            self.errors.append(error.prefixed(prefix) if prefix else error)
            return None


def _desired_codes(changes: Mapping, name: str, context_codes: frozenset[str]) -> frozenset[str]:
    if name not in changes:
        return context_codes
    return frozenset(item.get("code") for item in changes[name] if isinstance(item.get("code"), str))


def _clean_part(plan: _Plan, spec: PartSpec, items: list[Mapping], context: PartContext) -> None:
    cleaned: dict[str, dict] = {}
    seen: set[str | None] = set()
    for index, data in enumerate(items):
        if "position" in spec.fields and data.get("position") is None:
            data = {**data, "position": index}
        values = plan.attempt(f"{spec.name}.{index}", spec.clean, data, context)
        key = spec.key(values) if values is not None else _raw_key(spec, data)
        if key is not None and key in seen:
            plan.errors.append(ConsensusInputError(
                {f"{spec.name}.{index}.{spec.key_field}": ["This is the same as an earlier item in this list."]}))
        seen.add(key)
        if values is not None:
            cleaned[key] = values
    plan.parts[spec.name] = cleaned


def _raw_key(spec: PartSpec, data: Mapping) -> str | None:
    """The key of an item that failed other checks, so a repeated key is still reported."""
    try:
        key = spec.key(data)
    except (KeyError, TypeError, ValueError):
        return None
    return key if key and key.strip(":") else None


def _check_references(plan: _Plan, version: ConsensusVersion) -> None:
    """A referenced item (pathway, dimension) may go only if nothing left in the version still refers to it."""
    for name, (user_part, _) in REFERENCES.items():
        if name not in plan.parts or user_part in plan.parts:
            continue
        spec = PART_SPECS[name]
        for key, item in plan.existing[name].items():
            users = users_of(spec, version, item) if key not in plan.parts[name] else []
            if users:
                plan.errors.append(ConsensusInputError({name: [in_use_message(spec, str(item), users)]}))


def _plan(version: ConsensusVersion, changes: Mapping) -> _Plan:
    plan = _Plan()
    if "summary" in changes:
        plan.summary = plan.attempt("", clean_summary, changes["summary"])
    if "timescales" in changes:
        current = Timescales.objects.filter(version=version).values(*TIMESCALE_FIELDS).get()
        plan.timescales = plan.attempt("timescales", clean_timescales, {**current, **changes["timescales"]})
    stored = part_context(version)
    context = PartContext(teams=stored.teams,
                          pathway_codes=_desired_codes(changes, "pathways", stored.pathway_codes),
                          dimension_codes=_desired_codes(changes, "dimensions", stored.dimension_codes))
    for name, spec in PART_SPECS.items():
        if name in changes:
            items = spec.model.objects.filter(version=version).select_related(*spec.related)
            plan.existing[name] = {spec.key(spec.values(item)): item for item in items}
            _clean_part(plan, spec, changes[name], context)
    _check_references(plan, version)
    return plan


@transaction.atomic
def consensus_version_apply_changes(*, version: ConsensusVersion, changes: Mapping,
                                    actor_membership: Membership) -> ConsensusVersion:
    """Apply ``changes`` to a draft. Keys (each optional): ``summary``; ``timescales`` (the fields to change);
    and per part (``definitions``, ``pathways``, ...) the complete list of its items, matched to the stored ones
    by natural key: new keys are added, matching ones changed, missing ones removed. Each change is audited."""
    unknown = set(changes) - EDITABLE_KEYS
    if unknown:
        raise ConsensusInputError({key: ["This cannot be changed."] for key in sorted(unknown)})
    version = lock_editable(version, actor_membership)
    plan = _plan(version, changes)
    error = ConsensusInputError.merge(plan.errors)
    if error is not None:
        raise error
    if plan.summary is not None:
        summary_change(version=version, summary=plan.summary, actor_membership=actor_membership)
    if plan.timescales is not None:
        timescales_change(version=version, values=plan.timescales, actor_membership=actor_membership)
    for name, cleaned in plan.parts.items():
        spec, existing = PART_SPECS[name], plan.existing[name]
        for key, values in cleaned.items():
            if key in existing:
                part_change(version=version, spec=spec, item=existing[key], values=values,
                            actor_membership=actor_membership)
            else:
                part_insert(version=version, spec=spec, values=values, actor_membership=actor_membership)
    for name in reversed(list(plan.parts)):
        for key, item in plan.existing[name].items():
            if key not in plan.parts[name]:
                part_remove(version=version, spec=PART_SPECS[name], item=item, actor_membership=actor_membership)
    return version

