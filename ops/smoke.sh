#!/usr/bin/env bash
# Starts the service twice on a fresh embedded PostgreSQL and checks: ready, Swagger lists the incident routes,
# an incident survives a restart, and stopping the service leaves no PostgreSQL behind. Prints start times.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=$(mktemp -d /tmp/coordination-smoke-XXXXXX); chmod 755 "$DATA"
PORT=${PORT:-5091}
API=http://127.0.0.1:$PORT
export ASPNETCORE_ENVIRONMENT=Development Postgres__DataDirectory=$DATA/postgres
dotnet build src/Coordination.Api -c Release -v q -nologo >/dev/null
cd src/Coordination.Api
DLL=bin/Release/net10.0/Coordination.Api.dll

trap '[ -n "${PID:-}" ] && kill $PID 2>/dev/null || true' EXIT

start() {
  local t0; t0=$(date +%s%N)
  dotnet "$DLL" --urls "$API" >"$DATA/service.log" 2>&1 &
  PID=$!
  until curl -sf "$API/health/ready" >/dev/null; do
    kill -0 $PID 2>/dev/null || { cat "$DATA/service.log"; exit 1; }
    sleep 0.05
  done
  echo "ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms ($1)"
}

stop() {
  kill -TERM $PID; wait $PID || true
  if pgrep -f "postgres -D $DATA" >/dev/null || pgrep -f "$DATA/postgres" >/dev/null; then
    echo "FAIL: PostgreSQL still running after the service stopped"; exit 1
  fi
  echo "stopped; no PostgreSQL left"
}

TOKEN=$(dotnet "$DLL" token --role coordinator --sub smoke | tail -n 1)
ID=$(cat /proc/sys/kernel/random/uuid)

start "first run, with initdb"
curl -sf "$API/swagger/v1/swagger.json" -o "$DATA/swagger.json"
grep -q '/api/incidents/{id}/close' "$DATA/swagger.json" || { echo "FAIL: swagger"; exit 1; }
curl -sf -X POST "$API/api/incidents" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "{
  \"id\":\"$ID\",\"district\":\"61.05\",\"hazard\":\"flood\",\"title\":\"Smoke flood\",\"occurredAt\":\"2026-01-01T00:00:00Z\",
  \"villages\":[\"Baning Kota\"],\"affected\":{\"total\":10,\"children\":1,\"elderly\":1,\"disabled\":0,\"pregnant\":0}}" >/dev/null
stop

start "second run, existing cluster"
curl -sf "$API/api/incidents/$ID" -H "Authorization: Bearer $TOKEN" -o "$DATA/incident.json"
grep -q 'Smoke flood' "$DATA/incident.json" || { echo "FAIL: incident lost"; exit 1; }
echo "the incident of the first run is still there"
stop
rm -rf "$DATA"
echo "SMOKE PASS"
