from django import forms
from django.conf import settings

from accounts.models import Team
from accounts.roles import Role


class SignInForm(forms.Form):
    username = forms.CharField(max_length=150, error_messages={"required": "Enter your username"})
    password = forms.CharField(
        max_length=200, strip=False, widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "The code must be 6 digits, like 123456",
        },
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter a name for the token"})
    days = forms.IntegerField(
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=30,
        error_messages={
            "required": "Enter how many days the token should last",
            "invalid": "Enter a whole number of days",
            "min_value": "The token must last at least 1 day",
            "max_value": f"A token can last at most {settings.API_TOKEN_MAX_DAYS} days",
        },
    )


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MembershipForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, error_messages={"required": "Choose a role"})
    team = TeamChoiceField(queryset=Team.objects.none(), required=False, empty_label="No team")
    is_active = forms.BooleanField(required=False, label="Has access")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class PersonForm(MembershipForm):
    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter their first name"})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter their last name"})
    username = forms.RegexField(
        regex=r"^[a-z0-9._-]{3,150}$",
        max_length=150,
        error_messages={
            "required": "Enter a username",
            "invalid": "Use 3 or more lower-case letters, digits, dots, hyphens or underscores",
        },
    )
    email = forms.EmailField(max_length=254, error_messages={
        "required": "Enter their work email address",
        "invalid": "Enter an email address like name@council.gov.uk",
    })
    password = forms.CharField(
        min_length=12, max_length=200, strip=False, widget=forms.PasswordInput,
        label="Temporary password",
        error_messages={"required": "Enter a temporary password", "min_length": "Use at least 12 characters"},
    )

    field_order = ["first_name", "last_name", "email", "username", "password", "role", "team", "is_active"]


class TeamForm(forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter a team name"})


class SwitchAuthorityForm(forms.Form):
    authority = forms.IntegerField()
