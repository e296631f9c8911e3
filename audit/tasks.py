from celery import shared_task

from core.tasks import AuthorityTask


@shared_task(base=AuthorityTask, name="audit.verify_chain")
def audit_verify_chain(*, authority_id: int) -> bool:
    """Verify one authority's chain (nightly from beat, or on demand) and record the result in that chain."""
    from audit.services import audit_trail_verify

    return audit_trail_verify(authority_id=authority_id, actor=None).ok


@shared_task(name="audit.verify_all_chains")
def audit_verify_all_chains() -> int:
    """Queue one verification per authority chain."""
    from audit.services import authority_ids_with_chains

    authority_ids = authority_ids_with_chains()
    for authority_id in authority_ids:
        audit_verify_chain.delay(authority_id=authority_id)
    return len(authority_ids)
