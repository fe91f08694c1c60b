#!/usr/bin/env bash
# Runs README's own walks, as written, against a fresh service: "Accounts" (first administrator to a disabled officer),
# "A first session with curl" and "The flood walk". The blocks are read from README.md, so a walk that no longer works as
# the README says (a refused example password, a renamed field, a changed status) fails here. Only the port changes.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-5097}
DATA=$(mktemp -d /tmp/coordination-readme-XXXXXX); chmod 755 "$DATA"
OUT=$DATA/walk.out
export ASPNETCORE_ENVIRONMENT=Development Postgres__DataDirectory=$DATA/postgres

block() { # the first ```bash block after the heading that starts with $1
  awk -v h="$1" 'index($0, h) == 1 {found = 1; next}
                 found && /^```bash$/ {inside = 1; next}
                 inside && /^```$/ {exit}
                 inside {print}' README.md
}

{
  block "## Accounts"
  block "## A first session with curl"
  block "## The flood walk"
} | grep -v '^dotnet run --project src/Coordination.Api &' | sed "s#127.0.0.1:5080#127.0.0.1:$PORT#g" > "$DATA/walk.sh"
[ "$(grep -c . "$DATA/walk.sh")" -gt 40 ] || { echo "FAIL: README's walks not found"; exit 1; }

dotnet build src/Coordination.Api -v q -nologo >/dev/null
setsid dotnet run --no-build --project src/Coordination.Api -- --urls "http://127.0.0.1:$PORT" >"$DATA/service.log" 2>&1 &
SERVICE=$!
trap 'kill -TERM -- -$SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true; rm -rf "$DATA"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null; do
  kill -0 $SERVICE 2>/dev/null || { cat "$DATA/service.log"; echo "FAIL: the service did not start"; exit 1; }
  sleep 0.2
done

bash "$DATA/walk.sh" >"$OUT" 2>"$DATA/walk.err" || { cat "$OUT" "$DATA/walk.err"; echo "FAIL: a README walk stopped"; exit 1; }

fail=0
expect() { # $1 what the README says; $2 an extended regular expression the walk's output must hold
  if grep -Eq -- "$2" "$OUT"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
expect "Budi registers in Sintang, is refused in Melawi" '^201$'
expect "Budi is refused in Melawi" '^403$'
expect "the administrator disables Budi" '"enabled":false'
expect "Budi's token stops working" '^401$'
expect "the audit names the created, changed and disabled account" '"type":"account-disabled"'
expect "the flood is reported" '"version":1'
expect "the phase moves on with If-Match" '^\{"version":2\}$'
expect "a request is partially accepted" '"status":"partially-accepted"|^\{"version":2\}$'
expect "closing is refused while teams are out" '"status":409'
expect "the open request is cancelled with the incident" '"status":"cancelled"'
expect "the districts' answers reach the province's inbox" '"kind":"request-accepted"|request-accepted'
if grep -q '"status":5[0-9][0-9]' "$OUT"; then echo "FAIL a server error"; fail=1; fi
if [ $fail -ne 0 ]; then echo "--- walk output"; cat "$OUT"; echo "--- errors"; cat "$DATA/walk.err"; exit 1; fi
echo "README walks PASS"
