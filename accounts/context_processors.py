from accounts.roles import Capability


def membership(request):
    """The header's authority name and switcher, and what the signed-in role may do (``can.READ_AUDIT``)."""
    current = getattr(request, "membership", None)
    if current is None or not request.user.is_authenticated:
        return {"membership": None}
    return {
        "membership": current,
        "authority": current.authority,
        "can": {capability.name: current.can(capability) for capability in Capability},
        "other_memberships": [m for m in request.memberships if m.pk != current.pk],
    }
