"""How the agreement's pages word things: items, comparisons, timescales and sign-offs as rows a template prints.

Everything here works from a version loaded by a selector (every part prefetched), so it runs no queries.
"""

from dataclasses import dataclass, field

from accounts.roles import Role
from consensus.comparison import ItemChange, VersionComparison
from consensus.forms import PART_PAGE_BY_NAME, PART_PAGES, PartPage
from consensus.models import ConsensusVersion, HomeOfficeCategory, IndicatorGroup, SignOffKind, Stage, SubjectGroup

CHOICE_LABELS = {
    "home_office_category": dict(HomeOfficeCategory.choices),
    "group": dict(IndicatorGroup.choices),
    "stage": dict(Stage.choices),
    "subject_group": dict(SubjectGroup.choices),
    "role": dict(Role.choices),
}
LONG_FIELDS = frozenset({"wording", "guidance", "description", "when_applies"})
TITLE_FIELDS = frozenset({"term", "label"})  # already the heading of an item's card
POSITION_LABEL = "Place in the list"

# field: (what it is, how long in words, how long in short)
TIMESCALES = {
    "decision_working_days": ("Decision on a referral", "{n} working day{s} after the referral is submitted",
                              "{n} working day{s}"),
    "assessment_working_days": ("Assessment", "{n} working day{s} after the case is opened", "{n} working day{s}"),
    "review_interval_weeks": ("Reviews while a case is open", "every {n} week{s}", "every {n} week{s}"),
    "first_post_closure_review_months": ("First review after closure", "{n} month{s} after closure",
                                         "after {n} month{s}"),
    "second_post_closure_review_months": ("Second review after closure", "{n} month{s} after closure",
                                          "after {n} month{s}"),
    "intervention_lapse_weeks": ("Lapsed intervention", "no session for {n} week{s}", "{n} week{s}"),
}
SIGN_OFF_WORDS = {SignOffKind.STRATEGIC: "for the strategic group", SignOffKind.FRONTLINE: "for frontline staff"}


@dataclass(frozen=True)
class Lookups:
    """Labels for the codes an item refers to (a pathway, a dimension)."""

    pathways: dict[str, str]
    dimensions: dict[str, str]

    @classmethod
    def of(cls, *versions: ConsensusVersion | None) -> "Lookups":
        pathways, dimensions = {}, {}
        for version in reversed([version for version in versions if version is not None]):
            pathways.update((pathway.code, pathway.label) for pathway in version.pathways.all())
            dimensions.update((dimension.code, dimension.label) for dimension in version.dimensions.all())
        return cls(pathways, dimensions)


@dataclass
class Row:
    label: str
    value: str = ""
    before: str = ""
    after: str = ""
    changed: bool = False
    long: bool = False


@dataclass
class Card:
    title: str
    rows: list[Row]
    pk: int | None = None
    keys: list[Row] = field(default_factory=list)  # what identifies the item, which cannot be changed


@dataclass
class PartChanges:
    page: PartPage
    added: list[Card] = field(default_factory=list)
    removed: list[Card] = field(default_factory=list)
    changed: list[Card] = field(default_factory=list)
    unchanged: int = 0


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def field_names(page: PartPage, *, with_position: bool = False) -> list[str]:
    names = list(page.form.base_fields)
    return names + ["position"] if with_position and "position" in page.spec.fields else names


def field_label(page: PartPage, name: str) -> str:
    form_field = page.form.base_fields.get(name)
    return str(form_field.label).removesuffix(" (optional)") if form_field is not None else POSITION_LABEL


def display_value(name: str, values: dict, lookups: Lookups) -> str:
    value = values.get(name)
    if name in CHOICE_LABELS:
        return CHOICE_LABELS[name].get(value, value or "Not given")
    if name == "opens_case":
        return "Yes, it opens a case" if value else "No"
    if name == "team":
        return values.get("team_name") or "No team yet"
    if name == "pathway":
        return lookups.pathways.get(value, value) if value else "Any response"
    if name == "dimension":
        return lookups.dimensions.get(value, value)
    if name == "timescale_working_days" and isinstance(value, int):
        return plural(value, "working day")
    return "Not given" if value in (None, "") else str(value)


def item_title(page: PartPage, values: dict, lookups: Lookups) -> str:
    if page.name == "responsibilities" and values.get("pathway"):
        stage, group = (display_value(name, values, lookups) for name in ("stage", "subject_group"))
        return f"{stage}, {group.lower()}, when the response is ‘{display_value('pathway', values, lookups)}’"
    return page.spec.item_label(values)


def item_card(page: PartPage, values: dict, lookups: Lookups, pk: int | None = None) -> Card:
    rows = [Row(field_label(page, name), display_value(name, values, lookups), long=name in LONG_FIELDS)
            for name in field_names(page) if name not in TITLE_FIELDS]
    keys = [Row(field_label(page, name), display_value(name, values, lookups)) for name in page.form.key_fields]
    return Card(item_title(page, values, lookups), rows, pk, keys)


def in_process_order(responsibilities) -> list:
    """Responsibilities as the work flows: by stage, children before adults, the usual row before the rows for
    one response (the database orders stages alphabetically)."""
    stages, groups = list(Stage), list(SubjectGroup)
    def key(row):
        return (stages.index(row.stage), groups.index(row.subject_group), row.pathway_id is not None,
                row.pathway.position if row.pathway_id else 0)

    return sorted(responsibilities, key=key)


def item_cards(page: PartPage, items, lookups: Lookups) -> list[Card]:
    if page.name == "responsibilities":
        items = in_process_order(items)
    return [item_card(page, page.spec.values(item), lookups, item.pk) for item in items]


def _changed_card(page: PartPage, change: ItemChange, lookups: Lookups) -> Card:
    rows = []
    for name in field_names(page, with_position=True):
        before, after = (display_value(name, values, lookups) for values in (change.before, change.after))
        changed = name in change.fields
        if changed or name != "position":
            rows.append(Row(field_label(page, name), after, before, after, changed, name in LONG_FIELDS))
    rows.sort(key=lambda row: not row.changed)  # what changed first
    return Card(item_title(page, change.after, lookups), rows)


def comparison(result: VersionComparison, lookups: Lookups) -> dict:
    """The side-by-side comparison: the parts that changed (added, removed and changed items), the parts that did
    not, and the timescales that changed."""
    changed_parts, unchanged_parts = [], []
    for part in result.parts:
        page = PART_PAGE_BY_NAME[part.name]
        if not part.has_changes:
            unchanged_parts.append(page.label)
            continue
        changed_parts.append(PartChanges(
            page,
            added=[item_card(page, change.after, lookups) for change in part.added],
            removed=[item_card(page, change.before, lookups) for change in part.removed],
            changed=[_changed_card(page, change, lookups) for change in part.changed],
            unchanged=part.unchanged))
    timescales = [Row(TIMESCALES[change.field][0], before=timescale_words(change.field, change.before),
                      after=timescale_words(change.field, change.after), changed=True)
                  for change in result.timescales]
    return {"parts": changed_parts, "unchanged_parts": unchanged_parts, "timescales": timescales,
            "has_changes": result.has_changes}


def timescale_words(name: str, value: int | None, *, short: bool = False) -> str:
    if value is None:
        return "Not set"
    return TIMESCALES[name][2 if short else 1].format(n=value, s="" if value == 1 else "s")


def timescale_rows(version: ConsensusVersion) -> list[Row]:
    return [Row(label, timescale_words(name, getattr(version.timescales, name), short=True))
            for name, (label, *_) in TIMESCALES.items()]


def part_overview(version: ConsensusVersion) -> list[tuple[PartPage, int]]:
    return [(page, len(getattr(version, page.name).all())) for page in PART_PAGES.values()]


def next_position(page: PartPage, version: ConsensusVersion) -> dict:
    """A new item goes at the end of its list."""
    if "position" not in page.spec.fields:
        return {}
    return {"position": max((item.position for item in getattr(version, page.name).all()), default=-1) + 1}


def indicator_groups(version: ConsensusVersion) -> list[tuple[str, list]]:
    indicators = list(version.indicators.all())
    groups = [(group.label, [item for item in indicators if item.group == group]) for group in IndicatorGroup]
    return [(label, items) for label, items in groups if items]


def framework(version: ConsensusVersion) -> list[tuple]:
    factors = list(version.factors.all())
    return [(dimension, [factor for factor in factors if factor.dimension_id == dimension.pk])
            for dimension in version.dimensions.all()]


def sign_offs(version: ConsensusVersion) -> list[dict]:
    """Both kinds of sign-off, given or not, in a fixed order."""
    given = {sign_off.kind: sign_off for sign_off in version.sign_offs.all()}
    return [{"kind": kind, "label": kind.label, "words": SIGN_OFF_WORDS[kind], "sign_off": given.get(kind),
             "role": CHOICE_LABELS["role"].get(given[kind].role, given[kind].role) if kind in given else ""}
            for kind in SignOffKind]
