#!/usr/bin/env bash
# Lints the service's OpenAPI document with Redocly's recommended rules (a public linter): any error or warning fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-5092}
WORK=$(mktemp -d /tmp/coordination-openapi-XXXXXX); chmod 755 "$WORK"
export ASPNETCORE_ENVIRONMENT=Development Postgres__DataDirectory=$WORK/postgres
dotnet build src/Coordination.Api -v q -nologo >/dev/null
(cd src/Coordination.Api && exec dotnet bin/Debug/net10.0/Coordination.Api.dll --urls "http://127.0.0.1:$PORT") >"$WORK/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null; do kill -0 $PID 2>/dev/null || { tail -20 "$WORK/service.log"; exit 1; }; sleep 0.2; done
curl -sf "http://127.0.0.1:$PORT/swagger/v1/swagger.json" -o "$WORK/openapi.json"

if ! command -v npx >/dev/null || ! timeout 120 npm view @redocly/cli@2.77.0 version >/dev/null 2>&1; then
  echo "npm registry or npx not reachable: OpenAPI lint skipped"
  exit 0
fi
(cd "$WORK" && npx --yes @redocly/cli@2.77.0 lint openapi.json --format=stylish >lint.txt 2>&1) || status=$?
grep -v '[║╔╚]' "$WORK/lint.txt"
[ "${status:-0}" -eq 0 ] || exit "$status"
if grep -Eq '^ +[0-9]+:[0-9]+ +warning ' "$WORK/lint.txt"; then
  echo "OpenAPI lint: warnings fail the run"
  exit 1
fi
