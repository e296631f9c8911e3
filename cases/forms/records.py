"""Forms for the casework records of a case: assessments, interventions and their sessions, court applications,
challenges and case notes, and the chronology's filter.

Each form turns what the browser sent into one service's input (day, month and year become a date, a number box
becomes a number, radios become a score) and nothing more. Whether a date may be in the future, a score is on the
agreement's scale or the sessions delivered are believable is the service's rule, so the pages and the API give
the same messages; ``error_field`` says which box a service's message belongs next to."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from cases.chronology import KIND_LABELS
from cases.models import (
    ChallengeOutcome,
    ChallengeSource,
    InterventionOutcome,
    InterventionType,
    LegalActionKind,
    LegalOutcome,
    NoteKind,
    RiskLevel,
)
from referrals.forms import Checkboxes, Choice, DateInputs, DateParts, Radios, ServiceForm, Text, YesNo

DATE_HINT = "For example, 27 3 2026"


class Date(DateParts):
    """A GOV.UK date input. Empty is None: whether the date is needed is the service's rule, so every missing
    answer is reported at once, with the rest."""

    def __init__(self, label, *, hint=DATE_HINT):
        super().__init__(label, hint=hint)


class Count(forms.CharField):
    """A whole number typed in a box (empty: ``empty``). How many is allowed, and whether it is needed, is the
    service's rule."""

    def __init__(self, label, *, hint="", empty=None):
        super().__init__(label=label, help_text=hint, required=False)
        self.empty = empty

    def to_python(self, value):
        value = super().to_python(value).strip().replace(",", "")
        if not value:
            return self.empty
        if not value.isdigit():
            raise ValidationError(f"{self.label} must be a whole number, like 6")
        return int(value)


class RecordForm(DateInputs, ServiceForm):
    """A form for one casework service. ``dates`` gives each date field's boxes to the template; ``aliases`` maps
    a service's field name to this form's where they differ."""

    aliases: dict[str, str] = {}

    def error_field(self, service_field: str) -> str | None:
        return super().error_field(self.aliases.get(service_field, service_field))

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


# --- Assessments ---------------------------------------------------------------------------------------------


RISK_HINTS = {RiskLevel.LOW: "Some vulnerability, but no sign they are moving towards harm.",
              RiskLevel.MEDIUM: "Clear signs of engagement or intent that need support now.",
              RiskLevel.HIGH: "Intent or capability to cause harm: act now and consider the police."}


class Rating(forms.CharField):
    """One factor's rating: the radios of the agreement's scale, as a score. Not chosen is None (the service asks
    for it by name); a value that is not a number cannot be on the scale."""

    def __init__(self, label, *, levels, hint=""):
        super().__init__(label=label, help_text=hint, required=False, widget=Radios(
            choices=[(str(level.score), level.label) for level in levels]))
        self.scale = f"{levels[0].score} to {levels[-1].score}" if levels else ""

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError(f"Choose a rating from the scale ({self.scale})")
        return int(value)


class AssessmentForm(RecordForm):
    """Every factor of the agreement's framework as radios over its rating scale, with an optional note each."""

    assessed_on = Date("Date of the assessment")
    summary = Text("Summary", long=True,
                   hint="What you found: the person's circumstances, what is driving the concern and what protects "
                        "them. Say where the information came from.")
    plan = Text("Plan", long=True,
                hint="What will be done, by whom and by when, and what would show the risk is reducing.")
    overall_risk = Choice("Overall risk", RiskLevel.choices, hints=RISK_HINTS)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = sorted(version.rating_levels.all(), key=lambda level: level.score) if version else []
        self.factors = sorted(version.factors.all(), key=lambda f: (f.dimension.position, f.position, f.code)) \
            if version else []
        for factor in self.factors:
            self.fields[f"rating_{factor.code}"] = Rating(factor.label, levels=levels, hint=factor.guidance)
            self.fields[f"note_{factor.code}"] = Text(f"Note about ‘{factor.label}’ (optional)", long=True)
        self.order_fields(["assessed_on", *(f"{kind}_{f.code}" for f in self.factors for kind in ("rating", "note"))])

    def dimension_groups(self) -> list[dict]:
        """The factors under their dimensions, in the agreement's order, each with its rating and note fields."""
        groups: dict[int, dict] = {}
        for factor in self.factors:
            group = groups.setdefault(factor.dimension_id, {"dimension": factor.dimension, "factors": []})
            group["factors"].append({"factor": factor, "rating": self[f"rating_{factor.code}"],
                                     "note": self[f"note_{factor.code}"]})
        return list(groups.values())

    def error_field(self, service_field: str) -> str | None:
        prefix, _, code = service_field.partition(".")
        if prefix == "ratings" and code:
            return f"rating_{code}"
        if prefix == "rating_notes" and code:
            return f"note_{code}"
        return super().error_field(service_field)

    def service_data(self) -> dict:
        data = self.cleaned_data
        ratings = {f.code: data[f"rating_{f.code}"] for f in self.factors if data.get(f"rating_{f.code}") is not None}
        notes = {f.code: data[f"note_{f.code}"] for f in self.factors if (data.get(f"note_{f.code}") or "").strip()}
        return {"assessed_on": data["assessed_on"], "ratings": ratings, "rating_notes": notes,
                "summary": data["summary"], "plan": data["plan"], "overall_risk": data["overall_risk"]}


# --- Interventions ---------------------------------------------------------------------------------------------


PROVIDER_HINT = "The organisation delivering it, for example Example Mentoring Ltd or the youth service."


class InterventionChangeForm(RecordForm):
    """The details of an intervention that can change while it runs (intervention_update)."""

    provider = Text("Provider", hint=PROVIDER_HINT)
    description = Text("What it involves (optional)", long=True,
                       hint="For example, the aims, where it happens and how often.")
    planned_sessions = Count("Planned sessions", hint="How many sessions the plan allows for.")
    delivered_sessions = Count("Sessions delivered so far", empty=0,
                               hint="Sessions that have already taken place. Enter 0 if none have.")
    start_on = Date("Start date")
    end_on = Date("Planned end date (optional)", hint=f"Leave this empty if there is no end date yet. {DATE_HINT}")

    CHANGEABLE = ("provider", "description", "planned_sessions", "delivered_sessions", "start_on", "end_on")

    @classmethod
    def initial_from(cls, intervention) -> dict:
        return {name: getattr(intervention, name) for name in cls.CHANGEABLE}


class InterventionForm(InterventionChangeForm):
    kind = Choice("Type of intervention", InterventionType.choices)
    last_session_on = Date("Date of the most recent session (optional)",
                           hint=f"If sessions have already taken place. It shows whether the intervention has "
                                f"lapsed. {DATE_HINT}")

    field_order = ["kind", "provider", "description", "planned_sessions", "delivered_sessions", "start_on",
                   "end_on", "last_session_on"]


class SessionForm(RecordForm):
    held_on = Date("Date of the session")
    attended = YesNo("Did they attend?")
    note = Text("Note (optional)", long=True, hint="For example, what was covered or why they did not attend.")


END_HINTS = {InterventionOutcome.ACHIEVED: "It did what it set out to do.",
             InterventionOutcome.PARTLY_ACHIEVED: "Some of its aims were met.",
             InterventionOutcome.NOT_ACHIEVED: "It ran its course but its aims were not met.",
             InterventionOutcome.DISENGAGED: "The person stopped taking part."}


class InterventionEndForm(RecordForm):
    outcome = Choice("What was the outcome?", InterventionOutcome.choices, hints=END_HINTS)
    end_on = Date("Date it ended")
    outcome_note = Text("What happened (optional)", long=True,
                        hint="What changed for the person, and anything the next worker should know.")


# --- Court applications -------------------------------------------------------------------------------------------


class LegalActionForm(RecordForm):
    kind = Choice("What was applied for?", LegalActionKind.choices)
    applied_on = Date("Date of the application")
    court = Text("Court (optional)", hint="For example, Testtown Family Court.")
    hearing_on = Date("Date of the hearing (optional)", hint=f"If a hearing has been listed. {DATE_HINT}")


DECIDED_OUTCOMES = [(value, label) for value, label in LegalOutcome.choices if value != LegalOutcome.PENDING]


class LegalDecisionForm(RecordForm):
    outcome = Choice("What did the court decide?", DECIDED_OUTCOMES,
                     hints={LegalOutcome.WITHDRAWN: "The application was withdrawn before the court decided."})
    decided_on = Date("Date of the decision")
    court_reasons = Text("The court's reasons", long=True,
                         hint="In brief, as given in the judgment or order. Not needed if the application was "
                              "withdrawn.")


# --- Challenges ------------------------------------------------------------------------------------------------


class ChallengeForm(RecordForm):
    source = Choice("Who raised the challenge?", ChallengeSource.choices)
    organisation = Text("Name of the organisation")
    raised_on = Date("Date it was raised")
    intervention = forms.CharField(label="What does it challenge?", required=False)
    disputed = Text("What do they dispute?", long=True,
                    hint="In their words where you can: what they disagree with and what they are asking for.")

    aliases = {"intervention_id": "intervention"}

    def __init__(self, *args, interventions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].widget = forms.Select(choices=[
            ("", "The case as a whole"),
            *((item.pk, f"{item.get_kind_display()} by {item.provider}") for item in interventions)])

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        value = data.pop("intervention").strip()
        data["intervention_id"] = (int(value) if value.isdigit() else 0) if value else None
        if data["source"] != ChallengeSource.COMMUNITY:
            data["organisation"] = ""
        return data


ANSWERED = [(value, label) for value, label in ChallengeOutcome.choices if value != ChallengeOutcome.OPEN]


class ChallengeResponseForm(RecordForm):
    response = Text("Our response", long=True, hint="What the authority told them, and why.")
    responded_on = Date("Date of the response")
    outcome = Choice("Outcome", ANSWERED)


# --- Case notes ------------------------------------------------------------------------------------------------


class NoteForm(RecordForm):
    kind = Choice("What is the note about?", NoteKind.choices)
    occurred_on = Date("Date it happened")
    text = Text("Note", long=True, hint="Keep to the facts: who was there, what was said and done, and what happens "
                                        "next. Notes cannot be changed once saved.")
    corrects = forms.IntegerField(required=False, widget=forms.HiddenInput)

    aliases = {"corrects_id": "text"}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["corrects_id"] = data.pop("corrects")
        return data


def note_initial(corrects=None, *, today: dt.date) -> dict:
    """A new note starts today; a correction starts from the note it corrects."""
    if corrects is None:
        return {"kind": NoteKind.NOTE, "occurred_on": today}
    return {"kind": corrects.kind, "occurred_on": corrects.occurred_on, "text": corrects.text,
            "corrects": corrects.pk}


# --- The chronology's filter ---------------------------------------------------------------------------------


class ChronologyFilterForm(forms.Form):
    """The kinds of entry to show (a GET form: it works without JavaScript). Nothing chosen shows everything;
    a kind nobody knows is ignored."""

    kinds = forms.MultipleChoiceField(label="Show only", required=False,
                                      widget=Checkboxes)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind, KIND_LABELS.get(kind, kind.title())) for kind in kinds]

    def chosen(self) -> set[str] | None:
        known = {value for value, _ in self.fields["kinds"].choices}
        values = {value for value in self.data.getlist("kinds") if value in known} if self.is_bound else set()
        return values or None
