from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        from audit.actions import register_actions

        register_actions({
            "referrals.referral.drafted": "Referral draft started",
            "referrals.referral.draft_changed": "Referral draft changed",
            "referrals.referral.submitted": "Referral submitted",
            "referrals.referral.assigned": "Referral assigned",
            "referrals.referral.screening_started": "Referral screening started",
            "referrals.referral.decided": "Referral decided",
            "referrals.referral.withdrawn": "Referral withdrawn",
            "referrals.referral.viewed": "Referral viewed",
            "referrals.referral.overdue_notified": "Overdue decision notified",
            "referrals.referral.email_failed": "Referral e-mail could not be sent",
            "referrals.screening_note.added": "Screening note added",
        })
