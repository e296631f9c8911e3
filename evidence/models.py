"""The evidence base's own records: whether an authority shares its figures, learning notes from closed cases, and
the community engagement log. The figures themselves are counted from the cases and referrals (figures.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cases.models import InterventionType
from consensus.models import HomeOfficeCategory
from core.models import BaseModel
from core.tenancy import authority_scoped_manager

_USER = settings.AUTH_USER_MODEL

TITLE_MAX = 150
NOTE_TEXT_MAX = 5_000
REASON_MAX = 2_000
TOPIC_MAX = 200
PARTNERS_MAX = 300
ENGAGEMENT_NOTES_MAX = 2_000
ATTENDANCE_MAX = 10_000


class EvidenceSharing(BaseModel):
    """An authority's choice to pool its figures and share its published learning notes with the other authorities
    that do the same. No row means not shared: sharing is something an authority administrator turns on."""

    authority = models.OneToOneField("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    opted_in = models.BooleanField(default=False)
    changed_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(null=True, blank=True)

    objects = authority_scoped_manager()

    class Meta:
        verbose_name_plural = "evidence sharing settings"

    def __str__(self) -> str:
        return "Sharing the evidence base" if self.opted_in else "Not sharing the evidence base"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    RETURNED = "returned", "Returned for changes"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The writer may change a note in these states; the approver decides it in SUBMITTED.
EDITABLE_NOTE_STATUSES = (NoteStatus.DRAFT, NoteStatus.RETURNED)


class LearningNote(BaseModel):
    """What was learnt from one closed case, written without anything that identifies the person: what was tried,
    what worked and what did not. A second lead or manager (not the writer) checks the redaction and approves it;
    only then is it published to the authority, and to the other sharing authorities."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=TITLE_MAX)
    what_was_tried = models.TextField(max_length=NOTE_TEXT_MAX)
    what_worked = models.TextField(max_length=NOTE_TEXT_MAX)
    what_did_not = models.TextField(max_length=NOTE_TEXT_MAX)
    concern_category = models.CharField(max_length=40, choices=HomeOfficeCategory.choices, blank=True)
    status = models.CharField(max_length=20, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    written_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="Who approved or returned it last.")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(max_length=REASON_MAX, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(max_length=REASON_MAX, blank=True)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NoteStatus.values), name="evidence_note_status"),
            models.CheckConstraint(condition=Q(concern_category__in=["", *HomeOfficeCategory.values]),
                                   name="evidence_note_concern"),
            # The person who checks the redaction is never the person who wrote the note.
            models.CheckConstraint(condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("written_by")),
                                   name="evidence_note_second_reviewer"),
            models.CheckConstraint(
                condition=~Q(status=NoteStatus.PUBLISHED)
                | Q(published_at__isnull=False, reviewed_by__isnull=False),
                name="evidence_note_published_reviewed"),
            models.CheckConstraint(
                condition=~Q(status=NoteStatus.WITHDRAWN) | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason="")),
                name="evidence_note_withdrawn_reason"),
        ]
        indexes = [models.Index(fields=["authority", "status"], name="evidence_note_status_idx")]

    def __str__(self) -> str:
        # Never the case or the person: this label goes into the audit trail.
        return f"Learning note {self.pk}"

    @property
    def is_published(self) -> bool:
        return self.status == NoteStatus.PUBLISHED


class LearningNoteIntervention(models.Model):
    """One intervention type a learning note is about (a note may cover several), for searching."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    note = models.ForeignKey(LearningNote, on_delete=models.CASCADE, related_name="intervention_types")
    kind = models.CharField(max_length=20, choices=InterventionType.choices)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["note", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["note", "kind"], name="evidence_note_kind_once"),
            models.CheckConstraint(condition=Q(kind__in=InterventionType.values), name="evidence_note_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Audience(models.TextChoices):
    COMMUNITY = "community", "Community groups and residents"
    FAITH = "faith", "Faith groups"
    PARENTS = "parents", "Parents and carers"
    YOUNG_PEOPLE = "young_people", "Young people"
    EDUCATION = "education", "Schools and colleges"
    PARTNERS = "partners", "Statutory partners (police, health, probation)"
    VOLUNTARY = "voluntary", "Voluntary and community sector organisations"
    OTHER = "other", "Other"


class CommunityEngagement(BaseModel):
    """A session the authority ran with communities or partners about its safeguarding goals: when, with whom,
    on what, and how many came. Holds no personal details: who attended is a number."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    audience = models.CharField(max_length=20, choices=Audience.choices)
    topic = models.CharField(max_length=TOPIC_MAX)
    attendance = models.PositiveIntegerField()
    partners = models.CharField(max_length=PARTNERS_MAX, blank=True,
                                help_text="Partner organisations who ran or joined the session.")
    notes = models.TextField(max_length=ENGAGEMENT_NOTES_MAX, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(audience__in=Audience.values), name="evidence_engagement_audience"),
            models.CheckConstraint(condition=Q(attendance__lte=ATTENDANCE_MAX), name="evidence_engagement_attendance"),
        ]
        indexes = [models.Index(fields=["authority", "held_on"], name="evidence_engagement_held_idx")]

    def __str__(self) -> str:
        return f"Engagement session on {self.held_on}"
