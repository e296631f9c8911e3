from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from accounts.views.home import register_home_panel
        from reports.home import practitioner_home_panel

        register_home_panel("reports/_home_practitioner.html", practitioner_home_panel)
