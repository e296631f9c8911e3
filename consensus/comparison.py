"""What changed between two versions, part by part: the data behind the side-by-side page, the API's compare
endpoint and the summary written to the audit trail when a version is submitted and published."""

from dataclasses import asdict, dataclass

from consensus.models import ConsensusVersion, Timescales
from consensus.parts import PART_SPECS, TIMESCALE_FIELDS, part_queryset

Snapshot = dict[str, dict[str, dict]]


@dataclass(frozen=True)
class ItemChange:
    key: str
    label: str
    before: dict | None  # None when added
    after: dict | None  # None when removed
    fields: tuple[str, ...] = ()  # the fields that differ, for a changed item


@dataclass(frozen=True)
class PartComparison:
    name: str
    label: str
    added: list[ItemChange]
    removed: list[ItemChange]
    changed: list[ItemChange]
    unchanged: int

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: int | None
    after: int


@dataclass(frozen=True)
class VersionComparison:
    old_number: int | None
    new_number: int
    parts: list[PartComparison]
    timescales: list[FieldChange]

    @property
    def has_changes(self) -> bool:
        return bool(self.timescales) or any(part.has_changes for part in self.parts)

    def summary(self) -> dict:
        """Counts per changed part and the changed timescales: short enough for an audit row."""
        summary: dict = {part.name: {"added": len(part.added), "removed": len(part.removed),
                                     "changed": len(part.changed)} for part in self.parts if part.has_changes}
        if self.timescales:
            summary["timescales"] = {change.field: [change.before, change.after] for change in self.timescales}
        return summary

    def as_dict(self) -> dict:
        return asdict(self)


def version_snapshot(version: ConsensusVersion | None) -> tuple[Snapshot, dict]:
    """Every part of ``version`` keyed by natural key, and its timescales (empty for no version)."""
    if version is None:
        return {name: {} for name in PART_SPECS}, {}
    parts = {name: {spec.key(values): values for values in map(spec.values, part_queryset(spec, version))}
             for name, spec in PART_SPECS.items()}
    timescales = Timescales.objects.filter(version=version).values(*TIMESCALE_FIELDS).first() or {}
    return parts, timescales


def _compare_part(name: str, old: dict[str, dict], new: dict[str, dict]) -> PartComparison:
    spec = PART_SPECS[name]
    added = [ItemChange(key, spec.item_label(new[key]), None, new[key]) for key in new if key not in old]
    removed = [ItemChange(key, spec.item_label(old[key]), old[key], None) for key in old if key not in new]
    changed, unchanged = [], 0
    for key in (key for key in new if key in old):
        fields = tuple(field for field in spec.fields if old[key].get(field) != new[key].get(field))
        if fields:
            changed.append(ItemChange(key, spec.item_label(new[key]), old[key], new[key], fields))
        else:
            unchanged += 1
    return PartComparison(name, spec.label, added, removed, changed, unchanged)


def compare_versions(old: ConsensusVersion | None, new: ConsensusVersion) -> VersionComparison:
    (old_parts, old_timescales), (new_parts, new_timescales) = version_snapshot(old), version_snapshot(new)
    parts = [_compare_part(name, old_parts[name], new_parts[name]) for name in PART_SPECS]
    timescales = [FieldChange(field, old_timescales.get(field), new_timescales.get(field))
                  for field in TIMESCALE_FIELDS if old_timescales.get(field) != new_timescales.get(field)]
    return VersionComparison(old.number if old else None, new.number, parts, timescales)
