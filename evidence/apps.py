from django.apps import AppConfig

AUDIT_ACTIONS = {
    "evidence.sharing.opted_in": "Authority started sharing the evidence base",
    "evidence.sharing.opted_out": "Authority stopped sharing the evidence base",
    "evidence.learning_note.drafted": "Learning note started",
    "evidence.learning_note.changed": "Learning note changed",
    "evidence.learning_note.submitted": "Learning note sent for approval",
    "evidence.learning_note.approved": "Learning note approved and published",
    "evidence.learning_note.returned": "Learning note returned for changes",
    "evidence.learning_note.withdrawn": "Published learning note withdrawn",
    "evidence.engagement.recorded": "Community engagement session recorded",
    "evidence.engagement.changed": "Community engagement session changed",
}


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence base"

    def ready(self):
        from audit.actions import register_actions

        register_actions(AUDIT_ACTIONS)
