"""The client's address: REMOTE_ADDR, or behind trusted proxies the right-most
forwarded address that is not one of them."""

import pytest

from certportal.ratelimit import client_address

PROXY = "10.0.0.2"


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "192.0.2.20", "", "192.0.2.20"),
        ([], "192.0.2.20", "198.51.100.8", "192.0.2.20"),
        ([PROXY], "192.0.2.20", "198.51.100.8", "192.0.2.20"),
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, "198.51.100.8", "198.51.100.8"),
        ([PROXY], PROXY, "203.0.113.9, 198.51.100.8", "198.51.100.8"),
        (["10.0.0.0/8"], PROXY, "198.51.100.8, 10.0.0.7", "198.51.100.8"),
        ([PROXY], PROXY, "not-an-address", PROXY),
        ([PROXY], PROXY, "2001:DB8:0:0::1", "2001:db8::1"),
        ([PROXY], PROXY, PROXY, PROXY),
    ],
    ids=[
        "no proxy",
        "no proxy: forwarded ignored",
        "not from the proxy: forwarded ignored",
        "from the proxy, nothing forwarded",
        "from the proxy",
        "the client's own X-Forwarded-For is not read",
        "two proxies in a trusted network",
        "garbage",
        "IPv6, written one way",
        "only proxies",
    ],
)
def test_client_address(rf, settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected
