from django import forms

from exports.models import ExportKind
from referrals.forms import DateParts, date_input_parts


class AuditTrailExportForm(forms.Form):
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

    def date_parts(self, name) -> list[dict]:
        return date_input_parts(self[name])

    @property
    def start_parts(self):
        return self.date_parts("start")

    @property
    def end_parts(self):
        return self.date_parts("end")
