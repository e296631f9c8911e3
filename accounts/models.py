from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from accounts.roles import Capability, Role, role_can
from core.models import BaseModel
from core.tenancy import authority_scoped_manager


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    WALES = "wales", "Wales"


class Authority(BaseModel):
    """A local authority: the tenant. Every record holding case data belongs to exactly one."""

    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{1,9}$", "Use 2 to 10 capital letters or digits.")],
        help_text="Short code used in referral references, for example NMR.",
    )
    region = models.CharField(max_length=20, choices=Region.choices)
    prevent_priority_area = models.BooleanField(
        default=False, help_text="Whether the Home Office lists this authority as a Prevent priority area."
    )

    class Meta:
        verbose_name_plural = "authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="team_name_unique_per_authority")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. Holds identity only; what they may do comes from their memberships."""

    is_demo = models.BooleanField(
        default=False, help_text="Demo account from seed_demo; refused whenever DEBUG is off."
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(BaseModel):
    """A user's place in one authority: their role and team there."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="memberships")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    is_active = models.BooleanField(default=True)

    objects = authority_scoped_manager()

    class Meta:
        ordering = ["authority__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="membership_unique_per_authority"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.authority}"

    def can(self, capability: Capability | str) -> bool:
        return self.is_active and role_can(self.role, capability)


class ApiToken(BaseModel):
    """A personal API token. Only a SHA-256 of the secret is stored; the secret is shown once, when created.

    A token acts as its user in the membership's authority, with that membership's role.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
