#!/bin/sh
# Takes the async-job exam with curl, as a shell script would: POST, then
# GET the Location every Retry-After seconds, following redirects, until a
# response comes without Retry-After (the result).
# Usage: sh curl_async.sh URL
set -eu
url=$1
base=${url%%/exam/*}
field() { printf '%s\n' "$1" | tr -d '\r' | sed -n "s/^$2: //Ip" | tail -n 1; }
headers=$(curl -sS -o /dev/null -D - -H 'Content-Type: application/json' -d '{"statuskit":"exam"}' "$url")
monitor=$(field "$headers" location)
wait=$(field "$headers" retry-after)
while [ -n "$wait" ]; do
  sleep "$wait"
  headers=$(curl -sS -L -o /dev/null -D - "$base$monitor")
  wait=$(field "$headers" retry-after)
done
printf '%s\n' "$headers" | tr -d '\r' | grep '^HTTP/' | tail -n 1
