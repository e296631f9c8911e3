"""Forms for the lifecycle pages of a case: the lead worker and team, starting a stage, restriction and named
access, break-glass, recording a review, proposing and deciding a closure, reopening, and the leads' case filters.

Each form turns what the browser sent into one service's input (a select's value becomes a user id, day, month and
year become a date) and nothing more: whether a reason is long enough, a date is allowed or a person may be lead
worker is the service's rule, so the pages and the API say the same thing."""

from django import forms

from cases.models import (
    POST_CLOSURE_KINDS,
    POST_CLOSURE_OUTCOMES,
    SCHEDULED_OUTCOMES,
    CaseStatus,
    ClosureReason,
    ReviewOutcome,
    RiskLevel,
)
from cases.selectors import NOT_ASSESSED, UNALLOCATED
from core.exceptions import DomainError, FieldErrors
from core.forms import apply_domain_error
from referrals.forms import Choice, DateInputs, DateParts, ServiceForm, Text


def _member_label(member) -> str:
    team = f", {member.team.name}" if member.team else ""
    return f"{member.user} ({member.get_role_display().lower()}{team})"


def _select_id(value: str) -> int | None:
    """A select's value as an id: empty is None; anything that is not a number is 0, which no row has, so the
    service refuses it with its own message."""
    value = (value or "").strip()
    if not value:
        return None
    return int(value) if value.isdigit() else 0


def apply_service_errors(form, error: DomainError) -> None:
    """``core.forms.apply_domain_error``, leaving out messages about a field the form has already refused (a date
    that is not a real date: the service, given no date, would only ask for one)."""
    errors = {field: messages for field, messages in error.as_errors().items()
              if form.error_field(field) not in form.errors}
    if errors:
        apply_domain_error(form, FieldErrors(errors))


class CaseAssignForm(ServiceForm):
    lead_worker = forms.CharField(label="Lead worker", required=False,
                                  help_text="The lead worker sees the case and records the casework.")
    team = forms.CharField(label="Team", required=False)

    def __init__(self, *args, members=(), teams=(), case=None, **kwargs):
        initial = {"lead_worker": case.lead_worker_id or "", "team": case.team_id or ""} if case else {}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["lead_worker"].widget = forms.Select(
            choices=[("", "No lead worker"), *((member.user_id, _member_label(member)) for member in members)])
        self.fields["team"].widget = forms.Select(choices=[("", "No team"), *((team.pk, team.name) for team in teams)])

    def lead_worker_id(self) -> int | None:
        return _select_id(self.cleaned_data["lead_worker"])

    def team_id(self) -> int | None:
        return _select_id(self.cleaned_data["team"])


# The stages a case can be moved to from its page (the services check the case can make the move).
STAGES = {CaseStatus.ASSESSMENT: "Start the assessment", CaseStatus.SUPPORT: "Start the support plan",
          CaseStatus.REVIEW: "Start a review"}


class CaseStatusForm(forms.Form):
    to = forms.ChoiceField(choices=list(STAGES.items()), error_messages={
        "required": "Choose what to start", "invalid_choice": "Choose what to start"})


class RestrictForm(ServiceForm):
    restricted = forms.TypedChoiceField(choices=[("yes", "Restrict"), ("no", "Remove the restriction")],
                                        coerce=lambda value: value == "yes", widget=forms.HiddenInput,
                                        error_messages={"required": "Choose whether to restrict the case",
                                                        "invalid_choice": "Choose whether to restrict the case"})
    reason = Text("Why?", long=True)

    def __init__(self, *args, case=None, **kwargs):
        restricting = not case.restricted if case is not None else True
        super().__init__(*args, initial={"restricted": "yes" if restricting else "no"}, **kwargs)
        if restricting:
            self.fields["reason"].label = "Why does this case need to be restricted?"
            self.fields["reason"].help_text = (
                "For example, the person is related to a member of staff. This is kept on the case's record.")
        else:
            self.fields["reason"].label = "Why can the restriction be removed?"
            self.fields["reason"].help_text = (
                "Every safeguarding lead and manager will be able to see the case again. This is kept on the case's "
                "record.")


class AccessGrantForm(ServiceForm):
    user = forms.CharField(label="Person", required=False,
                           help_text="They will see this case while it is restricted.")

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].widget = forms.Select(
            choices=[("", "Choose someone"), *((member.user_id, _member_label(member)) for member in members)])

    def user_id(self) -> int | None:
        return _select_id(self.cleaned_data["user"])

    def error_field(self, service_field: str) -> str | None:
        return "user" if service_field in ("user", "user_id") else super().error_field(service_field)


class AccessRemoveForm(forms.Form):
    user = forms.IntegerField(min_value=1, error_messages={"required": "Choose whose access to remove",
                                                            "invalid": "Choose whose access to remove",
                                                            "min_value": "Choose whose access to remove"})


class BreakGlassForm(ServiceForm):
    reason = Text("Why do you need to see this case now?", long=True,
                  hint="For example, the police have asked about the person today and nobody with access can be "
                       "reached. The other safeguarding leads and managers will see your name, the time and this "
                       "reason.")


class ReviewForm(DateInputs, ServiceForm):
    held_on = DateParts("When was the review held?", hint="For example, 27 3 2026")
    summary = Text("What did the review find?", long=True,
                   hint="Who took part, how the person is doing, what has changed and what happens next.")
    outcome = Choice("What happens next?", [])

    OUTCOME_HINTS = {
        ReviewOutcome.CONTINUE: "The support plan carries on and the next review is booked.",
        ReviewOutcome.REASSESS: "The case goes back to assessment so a new assessment can be recorded.",
        ReviewOutcome.READY_TO_CLOSE: "The case stays in review until someone proposes closing it.",
        ReviewOutcome.NO_CONCERNS: "The case stays closed.",
        ReviewOutcome.REOPEN: "The case is opened again, ready for a new assessment.",
    }

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        after_closure = review is not None and review.kind in POST_CLOSURE_KINDS
        outcomes = POST_CLOSURE_OUTCOMES if after_closure else SCHEDULED_OUTCOMES
        self.fields["outcome"] = Choice("What happens next?",
                                        [(value, ReviewOutcome(value).label) for value in outcomes],
                                        hints=self.OUTCOME_HINTS)


class ClosureProposeForm(ServiceForm):
    reason = Choice("Why can the case close?", ClosureReason.choices)
    summary = Text("Summary of the work and why it can close", long=True,
                   hint="What was done, what changed for the person, and what is in place now. The safeguarding "
                        "lead or manager who approves the closure reads this.")


DECISIONS = [("approve", "Approve: close the case"), ("decline", "Do not approve: the case stays open")]


class ClosureDecideForm(ServiceForm):
    decision = Choice("Do you approve closing this case?", DECISIONS)
    note = Text("Your reasons", long=True,
                hint="Needed if you do not approve: say what still has to happen before the case can close.")

    def approve(self) -> bool | None:
        """True, False, or None when neither was chosen (the service asks for an answer)."""
        return {"approve": True, "decline": False}.get(self.cleaned_data["decision"])

    def error_field(self, service_field: str) -> str | None:
        return "decision" if service_field == "approve" else super().error_field(service_field)


class ReopenForm(ServiceForm):
    reason = Text("Why does the case need to reopen?", long=True,
                  hint="For example, a new concern has been raised about the person. This is kept on the case's "
                       "record.")


# --- The leads' and managers' list of cases ------------------------------------------------------------------

ACTIVE = "active"
CASE_STATUSES = [(ACTIVE, "Not closed"), *CaseStatus.choices, ("all", "Any status")]


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=CASE_STATUSES, required=False)
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)
    risk = forms.ChoiceField(label="Risk level", required=False,
                             choices=[("", "Any risk level"), *RiskLevel.choices, (NOT_ASSESSED, "Not assessed yet")])
    lead_worker = forms.TypedChoiceField(label="Lead worker", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, teams=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Any team"), *((team.pk, team.name) for team in teams)]
        self.fields["lead_worker"].choices = [("", "Anyone"), (UNALLOCATED, "No lead worker yet"),
                                              *((member.user_id, str(member.user)) for member in members)]

    def filters(self) -> dict:
        """The selector's keyword arguments. Anything not understood is ignored: the default is every case that is
        not closed."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status") or ACTIVE
        statuses = {ACTIVE: [value for value in CaseStatus.values if value != CaseStatus.CLOSED],
                    "all": list(CaseStatus.values)}.get(status, [status])
        return {"status": statuses, "team_id": data.get("team"), "risk_level": data.get("risk") or None,
                "lead_worker_id": data.get("lead_worker")}
