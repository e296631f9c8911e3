from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """Django's username and password check, refusing demo accounts whenever DEBUG is off."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_ACCOUNTS_ALLOWED:
            return False
        return super().user_can_authenticate(user)
