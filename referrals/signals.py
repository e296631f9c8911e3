"""Signals for apps above referrals (design §2: dependencies point one way, so referrals never imports cases).

``referral_decided`` is sent inside the decision's transaction, after the referral is saved as decided, with
``referral``, ``actor_membership`` and ``at``. A receiver's writes are part of that transaction: if it raises, the
decision is rolled back. The cases app's receiver opens a case when the pathway says so and returns it; the
decision service refuses to finish a case-opening decision that no receiver opened a case for.
"""

from django.dispatch import Signal

referral_decided = Signal()
