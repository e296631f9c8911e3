from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from audit.actions import register_actions

        register_actions(
            {
                "audit.trail.verified": "Audit trail verified",
                "audit.event.viewed": "Audit event viewed",
                "audit.trail.viewed": "Audit trail viewed",
            }
        )
