"""Retrying clients against statuskit: urllib3's Retry, alone and under requests.

Each test checks the final status, how many requests the server saw, and
that the client waited at least the Retry-After the server advertised
(RFC 9110, 10.2.3) and not much longer.
"""

import time

import pytest
import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# The loose upper bound on a wait beyond the advertised Retry-After, in
# seconds: a retrying client that honours Retry-After waits that long, not
# its own backoff on top of it. Loose, because CI machines stall.
SLACK = 2.0


def retry_policy(total=3):
    """What a client of a rate-limited or sometimes-unavailable API sends with."""
    return Retry(
        total=total,
        status_forcelist=[503, 429],
        respect_retry_after_header=True,
        # Used when an answer has no Retry-After (or Retry-After: 0):
        # 0s, then 0.2s, 0.4s, ...
        backoff_factor=0.1,
    )


def retrying_session():
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry_policy())
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# Two 503s, the first asking for a 1 s wait and the second for none, then
# 200: Retry-After per element keeps the test at about one second.
SEQUENCE = "/sequence/503;retry-after=1,503;retry-after=0,200"
SEQUENCE_WAIT = 1.0


def test_urllib3_retries_503_after_retry_after(statuskit, key):
    http = urllib3.PoolManager(retries=retry_policy())
    start = time.monotonic()
    resp = http.request("GET", statuskit.url(f"{SEQUENCE}?key={key}"))
    elapsed = time.monotonic() - start

    assert resp.status == 200
    assert resp.headers["X-Statuskit-Sequence"] == "3/3", "the server saw one request per attempt"
    assert [h.status for h in resp.retries.history] == [503, 503]
    assert SEQUENCE_WAIT <= elapsed < SEQUENCE_WAIT + SLACK, \
        f"took {elapsed:.2f}s; Retry-After asked for {SEQUENCE_WAIT}s in all"


def test_requests_retries_503_after_retry_after(statuskit, key):
    with retrying_session() as session:
        start = time.monotonic()
        resp = session.get(statuskit.url(SEQUENCE), params={"key": key}, timeout=10)
        elapsed = time.monotonic() - start

    assert resp.status_code == 200
    assert resp.headers["X-Statuskit-Sequence"] == "3/3"
    assert SEQUENCE_WAIT <= elapsed < SEQUENCE_WAIT + SLACK, \
        f"took {elapsed:.2f}s; Retry-After asked for {SEQUENCE_WAIT}s in all"


def use_up_quota(statuskit, key):
    """Spends the one request a second that /ratelimit?limit=1 allows, and
    returns the Retry-After (in seconds) of the 429 that follows."""
    url = statuskit.url(f"/ratelimit?limit=1&window=1s&key={key}")
    http = urllib3.PoolManager(retries=False)
    first = http.request("GET", url)
    assert first.status == 200
    refused = http.request("GET", url)
    assert refused.status == 429
    assert refused.headers["RateLimit-Policy"] == '"default";q=1;w=1'
    return url, int(refused.headers["Retry-After"])


def test_urllib3_waits_out_a_429(statuskit, key):
    url, advertised = use_up_quota(statuskit, key)
    assert advertised == 1, "one request a second: the next is allowed within 1s, rounded up"

    http = urllib3.PoolManager(retries=retry_policy())
    start = time.monotonic()
    resp = http.request("GET", url)
    elapsed = time.monotonic() - start

    assert resp.status == 200
    assert [h.status for h in resp.retries.history] == [429]
    assert advertised <= elapsed < advertised + SLACK


def test_requests_waits_out_a_429(statuskit, key):
    url, advertised = use_up_quota(statuskit, key)

    with retrying_session() as session:
        start = time.monotonic()
        resp = session.get(url, timeout=10)
        elapsed = time.monotonic() - start

    assert resp.status_code == 200
    assert advertised <= elapsed < advertised + SLACK


def test_retries_give_up_after_total(statuskit):
    # /503 (stateless, so no key) with Retry-After: 0 every time: the
    # client must stop after `total` retries rather than loop, and say why.
    url = statuskit.url("/503?retry-after=0")

    http = urllib3.PoolManager(retries=retry_policy(total=2))
    with pytest.raises(urllib3.exceptions.MaxRetryError, match="too many 503 error responses"):
        http.request("GET", url)

    with retrying_session() as session, pytest.raises(requests.exceptions.RetryError):
        session.get(url, timeout=10)
