"""Lint exchanges with httplint (REDbot's engine), for bench/httplint/run.

Reads a JSON list of {"id", "method", "url", "request_headers", "status",
"reason", "headers":
[[name, value]...], "content": base64, "complete"} on stdin and writes
{"id": [[level, summary]...]} on stdout. httplint is not part of statuskit:
run/README say how to make it importable.
"""
import base64
import json
import sys

from httplint import HttpRequestLinter, HttpResponseLinter


def lint(x):
    req = HttpRequestLinter()
    req.process_request_topline(x["method"].encode(), x["url"].encode(), b"HTTP/1.1")
    req.process_headers([(n.encode(), v.encode()) for n, v in x.get("request_headers") or []])
    req.finish_content(True)
    resp = HttpResponseLinter(_related=req)
    resp.is_head_response = x["method"] == "HEAD"
    resp.process_response_topline(b"HTTP/1.1", str(x["status"]).encode(), x["reason"].encode())
    resp.process_headers([(n.encode(), v.encode()) for n, v in x["headers"]])
    resp.feed_content(base64.b64decode(x["content"]))
    resp.finish_content(x["complete"])
    return [[n.level.value if hasattr(n.level, "value") else str(n.level), n.summary] for n in resp.notes]


def main():
    out = {}
    for x in json.load(sys.stdin):
        try:
            out[x["id"]] = lint(x)
        except Exception as e:  # a message httplint cannot take is a result too
            out[x["id"]] = [["error", f"httplint failed: {e!r}"]]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
