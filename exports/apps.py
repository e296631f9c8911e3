from django.apps import AppConfig

AUDIT_ACTIONS = {
    "exports.job.requested": "Export asked for",
    "exports.job.completed": "Export produced",
    "exports.job.failed": "Export failed",
    "exports.file.downloaded": "Export downloaded",
    "exports.file.deleted": "Export file deleted",
    "exports.subject.searched": "Records searched for a subject access request",
}


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Exports"

    def ready(self):
        from audit.actions import register_actions

        register_actions(AUDIT_ACTIONS)
