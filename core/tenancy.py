"""Authority scoping: the one mechanism that keeps authorities apart.

Authority-owned models use ``ScopedManager(authority="authority")`` (django-scopes). Outside ``authority_scope`` a
query on them raises ``ScopeError`` instead of returning every authority's rows. Code that must cross authorities
on purpose (sign-in, the audit verifier, seeding) says so with ``scopes_disabled()``.
"""

from contextlib import contextmanager

from django_scopes import ScopedManager, scope, scopes_disabled  # noqa: F401  (re-exported)


@contextmanager
def authority_scope(authority_id: int):
    # django-scopes treats a None value as "no filter"; refuse it so a missing authority can never widen a query.
    if not authority_id:
        raise ValueError("authority_scope needs an authority id")
    with scope(authority=authority_id):
        yield


def authority_scoped_manager(manager_class=None):
    if manager_class is None:
        return ScopedManager(authority="authority")
    return ScopedManager(_manager_class=manager_class, authority="authority")
