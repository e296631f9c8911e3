import pytest
from django.test import RequestFactory

from core.middleware import client_ip


@pytest.mark.parametrize("proxies,forwarded,remote,expected", [
    (0, "203.0.113.9", "10.0.0.1", "10.0.0.1"),            # no trusted proxy: the header is ignored
    (1, "203.0.113.9", "10.0.0.1", "203.0.113.9"),         # one proxy: the address it saw
    (1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),  # a forged entry on the left is ignored
    (2, "203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),
    (2, "203.0.113.9", "10.0.0.1", "10.0.0.1"),            # fewer entries than proxies: fall back
    (1, "not-an-address", "10.0.0.1", None),
])
def test_client_ip(settings, proxies, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_lockout_uses_the_forwarded_address_behind_a_proxy(settings, practitioner, client):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": "pat.practitioner", "password": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    locked = client.post("/sign-in/", {"username": "pat.practitioner", "password": "x"},
                         HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    other = client.post("/sign-in/", {"username": "pat.practitioner", "password": "correct-horse-battery"},
                        HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 302
