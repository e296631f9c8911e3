"""Per-request (or per-task) context: the request id and client address that audit rows and log lines carry."""

import contextvars
import logging
import uuid
from contextlib import contextmanager

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return _request_id.get()


def current_client_ip() -> str | None:
    return _client_ip.get()


@contextmanager
def request_context(*, request_id: str | None, client_ip: str | None = None):
    tokens = (_request_id.set(request_id or new_request_id()), _client_ip.set(client_ip))
    try:
        yield
    finally:
        _request_id.reset(tokens[0])
        _client_ip.reset(tokens[1])


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
