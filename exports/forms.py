from django import forms

from exports.models import ExportKind
from referrals.forms import DateInputs, DateParts


class AuditTrailExportForm(DateInputs, forms.Form):
    """The authority's audit trail over a period, as PDF or CSV."""

    start = DateParts("From", hint="For example, 1 4 2026")
    end = DateParts("To", hint="The last day to include, for example, 30 6 2026")
    kind = forms.ChoiceField(
        label="Format", widget=forms.RadioSelect,
        choices=[(ExportKind.AUDIT_TRAIL_PDF, "PDF, to read, print or file"),
                 (ExportKind.AUDIT_TRAIL_CSV, "CSV, to open in a spreadsheet")],
        error_messages={"required": "Choose PDF or CSV"})

    SERVICE_FIELDS = {"from": "start", "to": "end"}

    def clean(self):
        data = super().clean()
        for name, message in (("start", "Enter the first day of the period"),
                              ("end", "Enter the last day of the period")):
            if name not in self.errors and data.get(name) is None:
                self.add_error(name, message)
        return data

    def error_field(self, service_field: str) -> str | None:
        return self.SERVICE_FIELDS.get(service_field)

    def service_params(self) -> dict:
        return {"from": self.cleaned_data["start"].isoformat(), "to": self.cleaned_data["end"].isoformat()}



class SubjectSearchForm(DateInputs, forms.Form):
    """How a DPO finds the records of the person who made a subject access request."""

    reference = forms.CharField(label="Referral or case reference", required=False, max_length=32,
                                help_text="For example NMR-2026-000123 or NMR-C-2026-000042")
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    first_name = forms.CharField(label="First name (optional)", required=False, max_length=100)
    date_of_birth = DateParts("Date of birth (optional)", hint="For example, 27 3 2009")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("reference") and not data.get("last_name"):
            raise forms.ValidationError("Enter a reference, or the person's last name")
        return data


class SubjectAccessForm(forms.Form):
    subject_ids = forms.TypedMultipleChoiceField(
        label="Records to include", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the records that are about this person"})

    def __init__(self, *args, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_ids"].choices = [(subject.pk, str(subject.pk)) for subject in subjects]
