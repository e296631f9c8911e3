from audit.models import AuditEvent


def audit_event_list_visible_to(membership, *, action: str = "", target_type: str = "", target_id: str = ""):
    """The authority's events, newest first. The authority scope (not this function) keeps other authorities
    out; this function only narrows."""
    events = AuditEvent.objects.all().order_by("-sequence")
    if action:
        events = events.filter(action=action)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    return events


def audit_event_get_for_user(membership, event_id: int) -> AuditEvent:
    return AuditEvent.objects.get(pk=event_id)
