"""Every write to cases. Import services from here: ``from cases.services import ...``."""

from cases.services.opening import case_open_from_referral, case_record_view

__all__ = ["case_open_from_referral", "case_record_view"]
