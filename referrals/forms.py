"""Forms for the referral pages.

A form turns what the browser sent into the services' input shape (a textarea's lines become a list, day, month and
year become a date, "yes" becomes True) and nothing more. Every rule about what is allowed (lengths, codes, ages,
postcodes, what a submission needs) lives in referrals.validation and the services, so the pages and the API give
the same messages; ``core.forms.apply_domain_error`` puts each message next to the field it is about.
"""

import copy
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from consensus.models import ConsensusVersion, IndicatorGroup
from referrals.models import Consent, Gender, NoPostcodeReason, NoteKind, ReferrerSector, SourceCode, SubjectAware
from referrals.models import choices as c
from referrals.validation import CODE_FIELDS, STEPS, ReferralInputError, clean_fields, missing_for_submit

POSTCODE_KNOWN = "known"


class _HintedChoices:
    """Radios or checkboxes drawn the GOV.UK way: the first input carries the field's own id (so the error summary's
    ``#id_<field>`` lands on it), and each option may carry a hint and a group (``choice.data.hint``)."""

    def __init__(self, *args, hints=None, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints, self.groups = hints or {}, groups or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        option["group"] = self.groups.get(str(value), "")
        return option

    def id_for_label(self, id_, index=None):
        return id_ if index == "0" else super().id_for_label(id_, index)


class Radios(_HintedChoices, forms.RadioSelect):
    pass


class Checkboxes(_HintedChoices, forms.CheckboxSelectMultiple):
    pass


class Text(forms.CharField):
    """Text passed on as typed: the service trims it and checks its length."""

    def __init__(self, label, *, hint="", long=False):
        super().__init__(label=label, help_text=hint, required=False, strip=False,
                         widget=forms.Textarea if long else None)


class Choice(forms.CharField):
    """Radios or a select whose value the service checks, so a forged value gets the service's message."""

    def __init__(self, label, choices, *, hint="", hints=None, select_prompt=None):
        choices = list(choices)
        widget = (forms.Select(choices=[("", select_prompt), *choices]) if select_prompt is not None
                  else Radios(choices=choices, hints=hints))
        super().__init__(label=label, help_text=hint, required=False, widget=widget)


class YesNo(forms.CharField):
    """Yes or no radios: True, False, or None when neither was chosen (the service asks for an answer)."""

    def __init__(self, label, *, hint=""):
        super().__init__(label=label, help_text=hint, required=False,
                         widget=Radios(choices=[("yes", "Yes"), ("no", "No")]))

    def to_python(self, value):
        return {"yes": True, "no": False}.get(value)


class Codes(forms.Field):
    """Checkboxes of the agreement's codes. Unknown codes go to the service, which names them."""

    def __init__(self, label, *, hint=""):
        super().__init__(label=label, help_text=hint, required=False, widget=Checkboxes)

    def to_python(self, value):
        return [str(code) for code in value] if value else []

    def set_choices(self, choices, *, hints=None, groups=None):
        self.widget = Checkboxes(choices=choices, hints=hints, groups=groups)


class Lines(Text):
    """A textarea of one item a line, as a list (blank lines dropped)."""

    def __init__(self, label, *, hint=""):
        super().__init__(label, hint=hint, long=True)

    def to_python(self, value):
        return [line.strip() for line in super().to_python(value).splitlines() if line.strip()]

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value


class DateParts(forms.MultiValueField):
    """The GOV.UK date input (day, month, year) as one date. The form checks it is a real date, in the GOV.UK
    wording; whether it is in the past or too long ago is the service's rule."""

    PARTS = ("day", "month", "year")

    def __init__(self, label, *, hint=""):
        super().__init__(fields=[forms.CharField(required=False) for _ in self.PARTS], require_all_fields=False,
                         required=False, label=label, help_text=hint,
                         widget=forms.MultiWidget(widgets={part: forms.TextInput for part in self.PARTS}))

    def compress(self, values):
        if not values or not any(values):
            return None
        parts = dict(zip(self.PARTS, values, strict=True))
        missing = [part for part in self.PARTS if not parts[part]]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and '.join(missing)}")
        if not all(value.isdigit() for value in values):
            raise ValidationError(f"{self.label} must be a real date")
        if len(parts["year"]) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date") from None

    @classmethod
    def split(cls, value) -> list:
        if isinstance(value, list | tuple):
            return list(value)
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


def date_input_parts(bound) -> list[dict]:
    """The day, month and year boxes of a GOV.UK date input for a bound DateParts field."""
    values = DateParts.split(bound.value())
    return [{"label": part.title(), "name": f"{bound.html_name}_{part}",
             "id": bound.auto_id if part == "day" else f"{bound.auto_id}-{part}",
             "value": "" if value is None else value, "width": 4 if part == "year" else 2}
            for part, value in zip(DateParts.PARTS, values, strict=True)]


class DateInputs:
    """A form mixin that gives templates the boxes of each of its DateParts fields: ``form.dates.<name>``."""

    @property
    def dates(self) -> dict[str, list[dict]]:
        return {name: date_input_parts(self[name]) for name, field in self.fields.items()
                if isinstance(field, DateParts)}


class ServiceForm(forms.Form):
    """A form whose cleaned data goes to one service. ``error_field`` says where a service's message about one of
    its fields belongs on this form."""

    def error_field(self, service_field: str) -> str | None:
        return service_field if service_field in self.fields else None


# --- Intake: one form per step of validation.STEPS -------------------------------------------------------------


class StepForm(ServiceForm):
    step = ""

    def __init__(self, *args, referral=None, membership=None, version: ConsensusVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral, self.membership, self.version = referral, membership, version

    @classmethod
    def initial_from(cls, referral, membership) -> dict:
        return {name: getattr(referral, name) for name in STEPS[cls.step]}

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in STEPS[self.step]}

    def check_complete(self, data: dict, *, today: dt.date) -> None:
        """Raise ReferralInputError (writing nothing) when ``data`` is wrong, or leaves out something this step must
        have before the referral can be sent. Uses the rules submission uses, on copies of the draft."""
        subject_values, referral_values = clean_fields(data, today=today)
        subject, referral = copy.copy(self.referral.subject), copy.copy(self.referral)
        for name, value in subject_values.items():
            setattr(subject, name, value)
        for name, value in referral_values.items():
            if name not in CODE_FIELDS:
                setattr(referral, name, value)
        missing = missing_for_submit(subject, referral, today=today)
        if self.version is not None and "concern_types" in referral_values and not referral_values["concern_types"]:
            missing["concern_types"] = ["Choose at least one type of concern."]
        missing = {name: messages for name, messages in missing.items() if name in STEPS[self.step]}
        if missing:
            raise ReferralInputError(missing, code="incomplete")


class SubjectForm(StepForm):
    step = "subject"

    first_name = Text("First name", hint="Include any middle names.")
    last_name = Text("Last name")
    aliases = Lines("Other names they use or are known by (optional)",
                    hint="For example a nickname, a previous surname or another spelling. Put each name on a new "
                         "line.")
    date_of_birth = DateParts("Date of birth", hint="For example, 27 3 2011")
    estimated_age = Text("If you do not know their date of birth, how old do you think they are?",
                         hint="In years, for example 15. Leave this empty if you gave a date of birth.")
    gender = Choice("Gender", Gender.choices)
    gender_description = Text("How do they describe their gender?")
    address = Text("Address (optional)", long=True,
                   hint="Where they live now, if you know. Put the postcode in the box below.")
    postcode_status = Choice("Postcode", [(POSTCODE_KNOWN, "I know their postcode"), *NoPostcodeReason.choices])
    postcode = Text("Postcode")
    school_or_workplace = Text("School, college or workplace (optional)")
    languages = Text("Languages they speak (optional)", hint="Say if they need an interpreter.")
    needs = Text("Communication, care or other needs (optional)", long=True,
                 hint="For example a learning disability, autism or a health condition, so whoever contacts them "
                      "can prepare.")

    @classmethod
    def initial_from(cls, referral, membership) -> dict:
        subject = referral.subject
        initial = {name: getattr(subject, name) for name in STEPS["subject"]}
        initial["postcode_status"] = POSTCODE_KNOWN if subject.postcode else subject.no_postcode_reason
        return initial

    @property
    def date_of_birth_parts(self) -> list[dict]:
        return date_input_parts(self["date_of_birth"])

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in STEPS["subject"] if name != "no_postcode_reason"}
        status = self.cleaned_data["postcode_status"]
        if status in NoPostcodeReason.values:
            data["postcode"], data["no_postcode_reason"] = "", status
        else:
            data["no_postcode_reason"] = ""
        if data["gender"] != Gender.SELF_DESCRIBED:
            data["gender_description"] = ""
        return data

    def error_field(self, service_field: str) -> str | None:
        if service_field == "no_postcode_reason" or (
                service_field == "postcode" and self.data.get(self.add_prefix("postcode_status")) != POSTCODE_KNOWN):
            return "postcode_status"
        return super().error_field(service_field)


class ConcernForm(StepForm):
    step = "concern"

    concern = Text("Describe your concern", long=True,
                   hint="What you saw or heard, when and where, who else was involved, and what has been done so "
                        "far. Keep to the facts and say where they came from.")
    concern_types = Codes("What kind of concern is it?", hint="Choose all that apply.")
    indicators = Codes("What have you noticed?",
                       hint="Choose any signs you have seen or been told about. One sign on its own rarely means "
                            "much: they help whoever screens the referral see the whole picture.")
    immediate_risk = YesNo("Is anyone in immediate danger?",
                           hint="For example, they have said they will hurt someone soon, or they have a weapon.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        concern_types = list(self.version.concern_types.all()) if self.version else []
        indicators = list(self.version.indicators.all()) if self.version else []
        self.fields["concern_types"].set_choices(
            [(item.code, item.label) for item in concern_types],
            hints={item.code: item.description for item in concern_types})
        self.fields["indicators"].set_choices(
            [(item.code, item.label) for item in indicators],
            hints={item.code: item.guidance for item in indicators},
            groups={item.code: item.group for item in indicators})

    @classmethod
    def initial_from(cls, referral, membership) -> dict:
        answered = bool(referral.concern)  # until the step is saved, "no immediate risk" is only the default
        return {"concern": referral.concern,
                "concern_types": [item.code for item in referral.concern_types.all()],
                "indicators": [item.code for item in referral.indicators.all()],
                "immediate_risk": ("yes" if referral.immediate_risk else "no") if answered else None}

    def indicator_groups(self) -> list[tuple[str, list]]:
        """The indicator checkboxes in the agreement's groups, in the order the groups are defined."""
        boxes = list(self["indicators"])
        return [(label, [box for box in boxes if box.data["group"] == value])
                for value, label in IndicatorGroup.choices if any(box.data["group"] == value for box in boxes)]


SECTOR_PROMPT = "Choose a sector"
SOURCE_PROMPT = "Choose where the referral came from"


class ReferrerForm(StepForm):
    step = "referrer"

    referrer_name = Text("Full name")
    referrer_organisation = Text("Organisation", hint="For example the school, GP practice or council service.")
    referrer_sector = Choice("Sector", ReferrerSector.choices, select_prompt=SECTOR_PROMPT)
    referrer_role = Text("Job title or role (optional)")
    referrer_email = Text("Email address", hint="We need an email address or a phone number, so the safeguarding "
                                                "lead can contact you.")
    referrer_phone = Text("Phone number")
    source_code = Choice("Where did the referral come from?", SourceCode.choices, select_prompt=SOURCE_PROMPT,
                         hint="Who first raised the concern, as counted in the Children in Need census. If it was "
                              "you, choose your own service.")

    @classmethod
    def initial_from(cls, referral, membership) -> dict:
        initial = super().initial_from(referral, membership)
        if not any(initial.values()):  # a new draft: start from the person signed in
            user = membership.user
            initial |= {"referrer_name": user.get_full_name(), "referrer_email": user.email,
                        "referrer_organisation": membership.authority.name}
        return initial


CONSENT_LABELS = {Consent.GIVEN: "Yes, and they agreed", Consent.REFUSED: "Yes, but they refused",
                  Consent.NOT_SOUGHT: "No, consent was not asked for"}
LAWFUL_BASIS_FIELDS = {Consent.REFUSED: "lawful_basis_refused", Consent.NOT_SOUGHT: "lawful_basis_not_sought"}
LAWFUL_BASIS_LABEL = "Why is it lawful to share this without their consent?"
LAWFUL_BASIS_HINT = ("For example, to protect a child from significant harm (Children Act 1989), or your duty to "
                     "prevent people being drawn into terrorism (Counter-Terrorism and Security Act 2015, section "
                     "26). Say why asking for consent would not be safe or possible, if that is the reason.")


class ConsentForm(StepForm):
    step = "consent"

    subject_aware = Choice("Does the person know you are making this referral?", SubjectAware.choices)
    consent = Choice("Did you ask for their consent to share this information?",
                     [(value, CONSENT_LABELS[value]) for value in Consent.values],
                     hint="For a child, this usually means the consent of a parent or carer as well.")
    lawful_basis_refused = Text(LAWFUL_BASIS_LABEL, long=True, hint=LAWFUL_BASIS_HINT)
    lawful_basis_not_sought = Text(LAWFUL_BASIS_LABEL, long=True, hint=LAWFUL_BASIS_HINT)

    @classmethod
    def initial_from(cls, referral, membership) -> dict:
        basis_field = LAWFUL_BASIS_FIELDS.get(referral.consent, "lawful_basis_not_sought")
        return {"subject_aware": referral.subject_aware, "consent": referral.consent,
                basis_field: referral.lawful_basis_when_not_sought}

    def service_data(self) -> dict:
        consent = self.cleaned_data["consent"]
        basis_field = LAWFUL_BASIS_FIELDS.get(consent)
        return {"subject_aware": self.cleaned_data["subject_aware"], "consent": consent,
                "lawful_basis_when_not_sought": self.cleaned_data[basis_field] if basis_field else ""}

    def error_field(self, service_field: str) -> str | None:
        if service_field == "lawful_basis_when_not_sought":
            return LAWFUL_BASIS_FIELDS.get(self.data.get(self.add_prefix("consent"))
                                           or getattr(self.referral, "consent", ""), "consent")
        return super().error_field(service_field)


# --- The screening queue and the screener's actions -----------------------------------------------------------

QUEUE_STATUSES = [("open", "Waiting for a decision"), ("submitted", "Submitted, not yet screened"),
                  ("screening", "Being screened"), ("decided", "Decided"), ("withdrawn", "Withdrawn"),
                  ("all", "Any status")]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=QUEUE_STATUSES, required=False)
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)
    concern_type = forms.ChoiceField(label="Type of concern", required=False)
    overdue = forms.BooleanField(label="Only overdue", required=False)
    assigned_to_me = forms.BooleanField(label="Only assigned to me", required=False)

    def __init__(self, *args, teams=(), version: ConsensusVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Any team"), *((team.pk, team.name) for team in teams)]
        concern_types = version.concern_types.all() if version else []
        self.fields["concern_type"].choices = [("", "Any type"), *((item.code, item.label) for item in concern_types)]

    def filters(self) -> dict:
        """The selector's keyword arguments. Anything not understood is ignored: the default is the open queue."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status") or "open"
        return {
            "status": {"open": ["submitted", "screening"], "all": ["submitted", "screening", "decided", "withdrawn"]}
            .get(status, [status]),
            "team": data.get("team"), "concern_type": data.get("concern_type") or None,
            "overdue": True if data.get("overdue") else None, "assigned_to_me": bool(data.get("assigned_to_me")),
        }


class AssignForm(ServiceForm):
    assigned_to = forms.CharField(label="Assign to", required=False)

    def __init__(self, *args, members=(), current=None, **kwargs):
        super().__init__(*args, initial={"assigned_to": current or ""}, **kwargs)
        self.fields["assigned_to"].widget = forms.Select(choices=[("", "Nobody"), *(
            (member.user_id, f"{member.user} ({member.get_role_display().lower()}"
                             f"{', ' + member.team.name if member.team else ''})") for member in members)])

    def assignee_user_id(self):
        value = self.cleaned_data["assigned_to"].strip()
        return int(value) if value.isdigit() else None if not value else 0  # 0: nobody, and the service says so


class NoteForm(ServiceForm):
    kind = Choice("What kind of note is it?", NoteKind.choices,
                  hints={NoteKind.CHECKS_MADE: "For example, records you searched and what they showed.",
                         NoteKind.PARTNER_INFORMATION: "What the police, school, health or others told you."})
    text = Text("Note", long=True)


class DecideForm(ServiceForm):
    pathway = Choice("What is the response?", [])
    rationale = Text("Why is this the right response?", long=True,
                     hint=f"Explain how the information meets the agreement's threshold for this response, and "
                          f"name the definitions you relied on. At least {c.RATIONALE_MIN} characters.")
    definitions = Codes("Which definitions in the agreement did you rely on?", hint="Choose all that apply.")

    def __init__(self, *args, version: ConsensusVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        pathways = list(version.pathways.all()) if version else []
        definitions = list(version.definitions.all()) if version else []
        self.fields["pathway"].widget = Radios(
            choices=[(item.code, item.label) for item in pathways],
            hints={item.code: item.when_applies + (" This opens a case." if item.opens_case else "")
                   for item in pathways})
        self.fields["definitions"].set_choices([(item.code, item.term) for item in definitions])

    def error_field(self, service_field: str) -> str | None:
        return "definitions" if service_field == "definitions_cited" else super().error_field(service_field)


class WithdrawForm(ServiceForm):
    reason = Text("Why is the referral being withdrawn?", long=True,
                  hint="For example, it was sent in error or the concern has been dealt with another way. This is "
                       "kept with the referral.")
