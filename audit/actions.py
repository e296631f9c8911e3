"""The registry of audit action names.

Each app registers its own dotted, past-tense names (``<app>.<entity>.<past_verb>``) with a plain-English label in
its ``AppConfig.ready``. ``audit_record`` refuses a name that is not registered, so a typo cannot slip into the
trail.
"""

_REGISTRY: dict[str, str] = {}


class UnknownAuditAction(ValueError):
    pass


def register_actions(actions: dict[str, str]) -> None:
    for name, label in actions.items():
        parts = name.split(".")
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"Audit action {name!r} must be <app>.<entity>.<past_verb>")
        existing = _REGISTRY.get(name)
        if existing is not None and existing != label:
            raise ValueError(f"Audit action {name!r} is already registered as {existing!r}")
        _REGISTRY[name] = label


def action_label(name: str) -> str:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownAuditAction(f"Audit action {name!r} is not registered") from None


def registered_actions() -> dict[str, str]:
    return dict(_REGISTRY)
