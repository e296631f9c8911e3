"""Forms for the evidence pages. Each turns what the browser sent into one service's input (a select's value becomes
a case id, day, month and year become a date, a number box becomes a whole number) and nothing more: whether a
date is allowed or a note identifies someone is the service's rule, so the pages and the API say the same."""

from django import forms
from django.utils import timezone

from cases.models import InterventionType
from consensus.models import HomeOfficeCategory
from evidence.models import Audience
from referrals.forms import Checkboxes, Choice, DateParts, ServiceForm, Text, date_input_parts


def _whole_number(value: str):
    """A whole number, or the text as typed (the service refuses it with its own message); empty is None."""
    value = (value or "").strip().replace(",", "")
    if not value:
        return None
    if value.lstrip("-").isdigit():
        return int(value)
    return value


class SharingForm(ServiceForm):
    opted_in = Choice("Does your authority share its evidence base?", [
        ("yes", "Yes, pool our figures and share our published learning notes"),
        ("no", "No, keep our figures and notes to ourselves"),
    ])

    def cleaned_choice(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["opted_in"])


class NoteForm(ServiceForm):
    case = Choice("Which closed case is the note about?", [], select_prompt="Choose a case",
                  hint="Only your authority sees which case a note is about.")
    title = Text("Title", hint="A short summary of the learning, for example 'Mentoring through a local boxing "
                               "club kept a 15-year-old engaged'.")
    what_was_tried = Text("What was tried", long=True)
    what_worked = Text("What worked", long=True)
    what_did_not = Text("What did not work", long=True, hint="Say so if nothing did not work.")
    intervention_types = forms.MultipleChoiceField(
        label="Which types of intervention is the note about?", required=False, widget=Checkboxes,
        choices=InterventionType.choices, help_text="Leave these empty when you start the note to use the case's.")
    concern_category = Choice("Type of concern", HomeOfficeCategory.choices, select_prompt="Not recorded",
                              hint="Leave as 'Not recorded' when you start the note to use the referral's.")

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cases is None:  # changing a note: the case is fixed, and empty tags stay empty
            del self.fields["case"]
            self.fields["intervention_types"].help_text = ""
            self.fields["concern_category"].help_text = ""
        else:
            self.fields["case"].widget.choices = [("", "Choose a case"), *(
                (case.pk, f"{case.reference}, closed {timezone.localtime(case.closed_at):%-d %B %Y}")
                for case in cases)]

    def clean_intervention_types(self):
        return list(self.cleaned_data["intervention_types"])

    def case_id(self) -> int | None:
        value = (self.cleaned_data.get("case") or "").strip()
        return int(value) if value.isdigit() else None

    def service_data(self) -> dict:
        """What the writer sent. On a new note, empty tags are left out so the service takes the case's."""
        data = {name: self.cleaned_data[name] for name in ("title", "what_was_tried", "what_worked", "what_did_not")}
        for name in ("intervention_types", "concern_category"):
            if self.cleaned_data[name] or "case" not in self.fields:
                data[name] = self.cleaned_data[name]
        return data


class ReasonForm(ServiceForm):
    reason = Text("Reason", long=True)

    def __init__(self, *args, label="Reason", hint="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label, self.fields["reason"].help_text = label, hint


class NoteSearchForm(forms.Form):
    words = forms.CharField(label="Search learning notes", required=False, max_length=200)
    kind = forms.ChoiceField(label="Type of intervention", required=False,
                             choices=[("", "Any intervention"), *InterventionType.choices])
    concern = forms.ChoiceField(label="Type of concern", required=False,
                                choices=[("", "Any type of concern"), *HomeOfficeCategory.choices])


class EngagementForm(ServiceForm):
    held_on = DateParts("Date of the session", hint="For example, 27 3 2026")
    audience = Choice("Who was the session for?", Audience.choices)
    topic = Text("What was it about?", hint="For example, 'How to raise a concern about a young person online'.")
    attendance = forms.CharField(label="How many people came?", required=False)
    partners = Text("Partner organisations", hint="Who ran or joined the session with you, if anyone.")
    notes = Text("Notes", long=True, hint="What came up and what you agreed to do. Do not write anyone's name.")

    def clean_attendance(self):
        return _whole_number(self.cleaned_data["attendance"])

    def service_data(self) -> dict:
        return dict(self.cleaned_data)

    @property
    def date_parts(self) -> list[dict]:
        return date_input_parts(self["held_on"])
