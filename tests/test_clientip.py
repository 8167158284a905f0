import pytest
from django.test import RequestFactory

from smartregion.clientip import UNKNOWN_IP, client_ip


def _request(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxy_the_forwarded_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert client_ip(_request(forwarded="198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client forged the left entry
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "203.0.113.9"),  # fewer hops than proxies: fall back to the peer
        (1, "not-an-ip", "203.0.113.9"),
        (1, "", "203.0.113.9"),
    ],
)
def test_behind_proxy_the_trusted_hop_is_read(settings, count, forwarded, expected):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = count
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_a_missing_or_broken_peer_address_is_a_constant(settings):
    settings.BEHIND_PROXY = False
    assert client_ip(_request(remote="")) == UNKNOWN_IP
