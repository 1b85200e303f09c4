"""Takes statuskit exams with Python's urllib3, the way a program would.

Usage: python3 urllib3_client.py JOBS DEADLINE

JOBS is a JSON list of {"exam", "url", "do"}; "do" says what the program
does: get, post (with JSON content), head, twice (two GETs), async (POST,
then poll the Location every Retry-After seconds until redirected to the
result). Each job runs in its own thread with its own PoolManager: a client
that takes a 103 as the final response leaves the rest on the connection,
where the next request would read it as its own answer. One JSON line per
job goes to stdout: {"exam", "status", "url"} or {"exam", "error"}. After
DEADLINE seconds the program exits, whatever is still waiting (urllib3
sleeps out Retry-After: 3600).
"""
import json
import os
import sys
import threading
import time
from urllib.parse import urljoin

import urllib3
from urllib3.util.retry import Retry

BODY = b'{"statuskit":"exam"}'
JSON = {"Content-Type": "application/json"}
lock = threading.Lock()


def pool():
    retry = Retry(total=3, backoff_factor=0.5, status_forcelist=[429, 500, 502, 503, 504],
                  respect_retry_after_header=True)
    return urllib3.PoolManager(retries=retry)


def poll(http, url):
    r = http.request("POST", url, body=BODY, headers=JSON)
    monitor = urljoin(url, r.headers["Location"])
    wait = int(r.headers.get("Retry-After", "1"))
    while True:
        time.sleep(wait)
        r = http.request("GET", monitor)
        if "Retry-After" not in r.headers:
            return r
        wait = int(r.headers["Retry-After"])


def run(job):
    http, url, do = pool(), job["url"], job["do"]
    try:
        if do == "get":
            r = http.request("GET", url)
        elif do == "post":
            r = http.request("POST", url, body=BODY, headers=JSON)
        elif do == "head":
            r = http.request("HEAD", url)
        elif do == "twice":
            http.request("GET", url)
            r = http.request("GET", url)
        elif do == "async":
            r = poll(http, url)
        else:
            raise ValueError("unknown job " + do)
        out = {"status": r.status, "url": urljoin(url, r.geturl() or url)}
    except Exception as e:  # the outcome is data for the test
        out = {"error": "%s: %s" % (type(e).__name__, str(e)[:300])}
    out["exam"] = job["exam"]
    with lock:
        print(json.dumps(out), flush=True)


def main():
    jobs, deadline = json.loads(sys.argv[1]), time.monotonic() + float(sys.argv[2])
    threads = [threading.Thread(target=run, args=(j,), daemon=True) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
