#!/usr/bin/env bash
# Fault test: kill -9 the service while clients send creates with their own ids; restart; every create that got a
# 2xx must be stored, and retrying every create must store nothing twice. Prints the figures; exits non-zero on a loss.
set -euo pipefail
cd "$(dirname "$0")/.."

COMMANDS=${COMMANDS:-400}
PORT=${PORT:-5093}
API=http://127.0.0.1:$PORT
WORK=$(mktemp -d /tmp/coordination-crash-XXXXXX); chmod 755 "$WORK"
export ASPNETCORE_ENVIRONMENT=Development Postgres__DataDirectory=$WORK/postgres
dotnet build src/Coordination.Api -c Release -v q -nologo >/dev/null
cd src/Coordination.Api
DLL=bin/Release/net10.0/Coordination.Api.dll
PID=

start() {
  dotnet "$DLL" --urls "$API" >>"$WORK/service.log" 2>&1 &
  PID=$!
  until curl -sf "$API/health/ready" >/dev/null; do kill -0 $PID 2>/dev/null || { tail -30 "$WORK/service.log"; exit 1; }; sleep 0.05; done
}
cleanup() { [ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

TOKEN=$(dotnet "$DLL" token --role admin --sub crash-test | tail -n 1)
body() { printf '{"id":"%s","district":"61.05","hazard":"flood","title":"Crash test %s","occurredAt":"2026-11-01T00:00:00Z","villages":["Baning Kota"],"affected":{"total":%s,"children":1,"elderly":1,"disabled":0,"pregnant":0}}' "$1" "$2" "$((100 + $2))"; }
post() { curl -s -o /dev/null -w '%{http_code}' -m 10 -X POST "$API/api/incidents" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$(body "$1" "$2")" || echo 000; }
count() { curl -sf "$API/api/incidents?limit=1000" -H "Authorization: Bearer $TOKEN" | grep -o '"id":' | wc -l; }

start
for i in $(seq 1 "$COMMANDS"); do cat /proc/sys/kernel/random/uuid; done > "$WORK/ids"
: > "$WORK/first-pass"   # there before the sender opens it, for the wait below
(
  i=0
  while read -r id; do i=$((i + 1)); echo "$id $i $(post "$id" "$i")"; done < "$WORK/ids"
) >> "$WORK/first-pass" &
SENDER=$!
until [ "$(wc -l < "$WORK/first-pass")" -ge $((COMMANDS / 4)) ]; do sleep 0.05; done
kill -9 $PID; wait $PID 2>/dev/null || true
echo "killed the service with SIGKILL after $(wc -l < "$WORK/first-pass") commands"
wait $SENDER || true

start
acknowledged=$(awk '$3 ~ /^2/' "$WORK/first-pass" | wc -l)
lost=0
while read -r id i status; do
  [[ $status == 2* ]] || continue
  code=$(curl -s -o /dev/null -w '%{http_code}' "$API/api/incidents/$id" -H "Authorization: Bearer $TOKEN")
  [ "$code" = 200 ] || { echo "LOST: $id was acknowledged ($status) but reads $code"; lost=$((lost + 1)); }
done < "$WORK/first-pass"

before=$(count)
doubled=0; i=0
while read -r id; do
  i=$((i + 1)); code=$(post "$id" "$i")
  [[ $code == 200 || $code == 201 ]] || { echo "retry of $id answered $code"; doubled=$((doubled + 1)); }
done < "$WORK/ids"
after=$(count)
stored_by_retry=$(( after - before ))
expected_new=$(( COMMANDS - before ))

echo "commands sent: $COMMANDS; acknowledged before the crash: $acknowledged; lost: $lost"
echo "incidents before retrying all: $before; after: $after; new from retries: $stored_by_retry (expected $expected_new)"
kill -TERM $PID; wait $PID 2>/dev/null || true; PID=
if pgrep -f "$WORK/postgres" >/dev/null; then echo "FAIL: PostgreSQL left running"; exit 1; fi
rm -rf "$WORK"
if [ "$lost" -ne 0 ] || [ "$doubled" -ne 0 ] || [ "$stored_by_retry" -ne "$expected_new" ] || [ "$after" -ne "$COMMANDS" ]; then echo "CRASH TEST FAIL"; exit 1; fi
echo "CRASH TEST PASS: 1 crash survived, 0 acknowledged commands lost, 0 stored twice"
