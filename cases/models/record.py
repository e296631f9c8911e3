"""What else the evidence needs: applications to court, challenges to interventions, and case notes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models.case import Case
from cases.models.choices import (
    NOTE_MAX,
    PROVIDER_MAX,
    SUMMARY_MAX,
    ChallengeOutcome,
    ChallengeSource,
    LegalActionKind,
    LegalOutcome,
    NoteKind,
)
from core.models import BaseModel
from core.tenancy import authority_scoped_manager

_USER = settings.AUTH_USER_MODEL


class LegalAction(BaseModel):
    """An application to court and what the court decided, with its reasons in brief."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="legal_actions")
    kind = models.CharField(max_length=30, choices=LegalActionKind.choices)
    court = models.CharField(max_length=PROVIDER_MAX, blank=True)
    applied_on = models.DateField()
    hearing_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=LegalOutcome.choices, default=LegalOutcome.PENDING)
    court_reasons = models.TextField(max_length=SUMMARY_MAX, blank=True, help_text="The court's reasons in brief.")
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["applied_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=LegalActionKind.values), name="cases_legal_kind"),
            models.CheckConstraint(condition=Q(outcome__in=LegalOutcome.values), name="cases_legal_outcome"),
            models.CheckConstraint(condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("applied_on")),
                                   name="cases_legal_dates"),
            models.CheckConstraint(
                condition=Q(outcome=LegalOutcome.PENDING, decided_on__isnull=True)
                | (~Q(outcome=LegalOutcome.PENDING) & Q(decided_on__isnull=False)),
                name="cases_legal_decided"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} applied {self.applied_on}"


class Challenge(BaseModel):
    """A challenge to an intervention (or to the case as a whole) by the person, their family or a community
    organisation: what was disputed, the authority's response and the outcome."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="challenges")
    intervention = models.ForeignKey("cases.Intervention", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="challenges")
    source = models.CharField(max_length=20, choices=ChallengeSource.choices)
    organisation = models.CharField(max_length=PROVIDER_MAX, blank=True,
                                    help_text="The community organisation's name, when one raised it.")
    raised_on = models.DateField()
    disputed = models.TextField(max_length=SUMMARY_MAX, help_text="What was disputed.")
    response = models.TextField(max_length=SUMMARY_MAX, blank=True, help_text="The authority's response.")
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ChallengeOutcome.choices, default=ChallengeOutcome.OPEN)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["raised_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=ChallengeSource.values), name="cases_challenge_source"),
            models.CheckConstraint(condition=Q(outcome__in=ChallengeOutcome.values), name="cases_challenge_outcome"),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=models.F("raised_on")),
                name="cases_challenge_dates"),
        ]

    def __str__(self) -> str:
        return f"Challenge by {self.get_source_display().lower()} on {self.raised_on}"


class CaseNote(BaseModel):
    """An append-only note on a case (database triggers refuse UPDATE and DELETE). A correction is a new note
    whose ``corrects`` points at the note it corrects; the chronology shows both."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    subject = models.ForeignKey("referrals.Subject", on_delete=models.PROTECT, related_name="case_notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices, default=NoteKind.NOTE)
    occurred_on = models.DateField(help_text="When the contact or event happened.")
    text = models.TextField(max_length=NOTE_MAX)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    written_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-occurred_on", "-written_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=NoteKind.values), name="cases_note_kind")]

    def __str__(self) -> str:
        return f"Note on case {self.case_id} ({self.occurred_on})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Case notes are append-only: write a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case notes are append-only")
