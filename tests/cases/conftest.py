from tests.referrals.conftest import agreement, away_agreement, children_lead, teams  # noqa: F401  (fixtures)
