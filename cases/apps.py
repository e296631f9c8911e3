from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        from audit.actions import register_actions
        from cases.handlers import open_case_when_decided
        from referrals.signals import referral_decided

        register_actions({"cases.case.opened": "Case opened", "cases.case.viewed": "Case viewed"})
        referral_decided.connect(open_case_when_decided, dispatch_uid="cases.open_case_when_decided")
