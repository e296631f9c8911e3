"""The base class for Threshold's Celery tasks.

A task is queued with ids only. ``AuthorityTask`` carries the caller's request id in the message headers and,
when the task is given ``authority_id``, runs the body inside that authority's scope, so a task can no more read
across authorities than a web request can. Tasks must be idempotent: with ``acks_late`` a task whose worker died
is delivered again.
"""

import logging

from celery import Task

from core.context import current_request_id, request_context
from core.tenancy import authority_scope

logger = logging.getLogger(__name__)
REQUEST_ID_HEADER = "threshold_request_id"


class AuthorityTask(Task):
    abstract = True

    def apply_async(self, args=None, kwargs=None, **options):
        headers = dict(options.pop("headers", None) or {})
        headers.setdefault(REQUEST_ID_HEADER, current_request_id())
        return super().apply_async(args=args, kwargs=kwargs, headers=headers, **options)

    def __call__(self, *args, **kwargs):
        request_id = getattr(self.request, REQUEST_ID_HEADER, None)
        if request_id is None:
            request_id = (getattr(self.request, "headers", None) or {}).get(REQUEST_ID_HEADER)
        with request_context(request_id=request_id or self.request.id):
            authority_id = kwargs.get("authority_id")
            if authority_id is None:
                return super().__call__(*args, **kwargs)
            with authority_scope(authority_id):
                return super().__call__(*args, **kwargs)
