from accounts.roles import Capability
from accounts.selectors import memberships_for_user


def membership(request):
    """The header's authority name and switcher, and what the signed-in role may do (``can.READ_AUDIT``)."""
    current = getattr(request, "membership", None)
    if current is None or not request.user.is_authenticated:
        return {"membership": None}
    return {
        "membership": current,
        "authority": current.authority,
        "can": {capability.name: current.can(capability) for capability in Capability},
        "other_memberships": lambda: [m for m in memberships_for_user(request.user) if m.pk != current.pk],
    }
