"""Polling an asynchronous job: 202 Accepted, a status monitor, 303 See Other.

Jobs need no key: their ids are 128 random bits, so no test can reach
another's job. POST /jobs answers 202 with the monitor's Location and a Retry-After
(RFC 9110, 15.3.3); the monitor answers 200 while the job runs, paced by
its own Retry-After, and 303 to the result once the job is done
(RFC 9110, 15.4.4).
"""

import time
from urllib.parse import urljoin

import requests

from conftest import Statuskit, StatuskitError

# Polls allowed before the test gives up: the job takes 1 s and the monitor
# asks for a poll a second, so two or three are enough.
MAX_POLLS = 10


def test_polls_a_job_until_303_then_gets_the_result(statuskit):
    with requests.Session() as session:
        start = time.monotonic()
        accepted = session.post(statuskit.url("/jobs"),
                                params={"duration": "1s", "result": "201"}, timeout=10)
        assert accepted.status_code == 202
        assert accepted.headers["Retry-After"].isdigit()
        monitor = urljoin(accepted.url, accepted.headers["Location"])

        resp = accepted
        for _ in range(MAX_POLLS):
            time.sleep(int(resp.headers["Retry-After"]))
            resp = session.get(monitor, allow_redirects=False, timeout=10)
            if resp.status_code != 200:
                break
            assert resp.json()["state"] == "running"
        else:
            raise AssertionError(f"the job was still running after {MAX_POLLS} polls")
        done = time.monotonic() - start

        assert resp.status_code == 303
        assert resp.json()["state"] == "done"
        assert done >= 1.0, f"the monitor said 'done' {done:.2f}s after the POST, before the job's 1s"
        result = session.get(urljoin(monitor, resp.headers["Location"]), timeout=10)
        assert result.status_code == 201


def test_requests_follows_the_303_to_the_result(statuskit):
    # requests follows a 303 with a GET by itself, so polling can stop at
    # the first answer that is not the monitor's 200.
    with requests.Session() as session:
        accepted = session.post(statuskit.url("/jobs"),
                                params={"duration": "0s", "result": "204"}, timeout=10)
        assert accepted.status_code == 202
        resp = session.get(urljoin(accepted.url, accepted.headers["Location"]), timeout=10)

    assert [r.status_code for r in resp.history] == [303]
    assert resp.status_code == 204
    assert resp.url.endswith("/result")


def test_a_server_that_cannot_start_fails_with_its_message(statuskit_bin):
    # The fixture's own contract: a process that exits before it is ready
    # is reported with what it printed, not as a timeout.
    try:
        Statuskit(statuskit_bin, "--max-sleep", "-1s")
    except StatuskitError as err:
        assert "exited with status 2" in str(err)
        assert "--max-sleep takes a duration of 0 or more" in str(err)
    else:
        raise AssertionError("statuskit serve --max-sleep -1s started; want exit status 2 naming --max-sleep")
