#!/usr/bin/env bash
# Three service nodes on one PostgreSQL (HotCold async views): commands spread over all three, kill -9 of the node running
# the views mid-load. Views must resume on another node and equal a full rebuild; every request's notice must reach its
# inbox exactly once; every acknowledged command must be stored. Prints the figures; exits non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${REQUESTS:-45}
PORTS=(5094 5095 5096)
WORK=$(mktemp -d /tmp/coordination-nodes-XXXXXX); chmod 755 "$WORK"
export ASPNETCORE_ENVIRONMENT=Development Projections__DaemonMode=HotCold
dotnet build src/Coordination.Api -c Release -v q -nologo >/dev/null
cd src/Coordination.Api            # the content root: appsettings and the Development signing key
DLL=bin/Release/net10.0/Coordination.Api.dll
declare -A PIDS=()

# One PostgreSQL for the three nodes, as a production server would be; as root it runs as the service's system user.
PGBIN=$(dirname "$(readlink -f "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")")
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# (from /: the system user may not enter the checkout, and PostgreSQL's tools complain of a working directory they cannot reach)
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u coordination-pg -- "$@"); else "$@"; fi; }
mkdir "$WORK/pg"
if [ "$(id -u)" = 0 ]; then
  id -u coordination-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin coordination-pg
  chown coordination-pg "$WORK/pg"
fi
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w start \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $WORK/pg -c max_connections=300 -c idle_in_transaction_session_timeout=60s" >/dev/null
"$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c 'create database coordination' >/dev/null

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  [ "${KEEP:-}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "THREE NODES FAIL: line $LINENO exited $?"' ERR

api() { echo "http://127.0.0.1:${PORTS[$1]}"; }
start() {
  ConnectionStrings__Marten="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=coordination;Application Name=node$1" \
    dotnet "$DLL" --urls "$(api "$1")" >>"$WORK/node$1.log" 2>&1 &
  PIDS[$1]=$!
}
ready() { # node → waits for its readiness: fails when it exits or is not ready within 120 s
  local deadline=$(( $(date +%s) + 120 ))
  until curl -sf -m 5 "$(api "$1")/health/ready" >/dev/null; do
    kill -0 "${PIDS[$1]}" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ] || { echo "THREE NODES FAIL: node$1 not ready"; tail -30 "$WORK/node$1.log"; exit 1; }
    sleep 0.1
  done
}

token() { dotnet "$DLL" token "$@" | tail -n 1; }
ADMIN=$(token --role admin --sub ops); COORD=$(token --role coordinator --sub ani); SINTANG=$(token --role district --district 61.05 --sub budi)
# post NODE PATH TOKEN BODY → the status code; 000 when the node is gone
post() { curl -s -o /dev/null -w '%{http_code}' -m 10 -X POST "$(api "$1")$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' -d "$4" || true; }
# send K PATH TOKEN BODY → the last status code: a command under an Idempotency-Key, sent to a live node and sent again to
# the next one while no answer came (a killed node, a timeout) or the node failed, as a district's client on a bad line does.
# A command stored whose answer was lost is then acknowledged by its retry's replay, so acknowledged and stored match.
send() {
  local key code try headers; key=$(uuid)
  for try in 0 1 2 3 4; do
    headers=$(curl -s -D - -o /dev/null -m 10 -X POST "$(api "$(node $(( $1 + try )))")$2" -H "Authorization: Bearer $3" \
      -H "Idempotency-Key: $key" -H 'Content-Type: application/json' -d "$4" | tr -d '\r' || true)
    code=$(awk 'NR == 1 {print $2}' <<<"$headers"); code=${code:-000}
    [[ $code == 000 || $code == 5* ]] || break
    sleep 0.5
  done
  if (( try > 0 )); then # a replayed answer: the command was stored by a run whose answer never came
    echo "$2 $code $(grep -qi '^Idempotent-Replayed: true' <<<"$headers" && echo replayed || echo ran)" >>"$WORK/retried"
  fi
  echo "$code"
}
# within SECONDS WHAT COMMAND… → runs the check until it holds; past the deadline says what did not happen and fails
within() {
  local deadline=$(( $(date +%s) + $1 )) what=$2; shift 2
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "THREE NODES FAIL: $what $(cat "$WORK/last-check" 2>/dev/null)"; exit 1; }
    sleep 0.2
  done
}
get() { curl -sf -m 10 "$(api "$1")$2" -H "Authorization: Bearer $3"; }
uuid() { cat /proc/sys/kernel/random/uuid; }

start 0; ready 0            # the first node creates the schema; the others then start together
start 1; start 2; ready 1; ready 2
LIVE=(0 1 2); : >"$WORK/dead"
node() { # k → a live node: clients leave a killed node alone (it is in $WORK/dead), as a load balancer would
  local live=() n; for n in 0 1 2; do grep -qx "$n" "$WORK/dead" || live+=("$n"); done
  echo "${live[$(( $1 % ${#live[@]} ))]}"
}

INC=$(uuid); PERSON=$(uuid); TEAM=$(uuid); TODAY=$(date -u +%F)
[ "$(post 0 /api/incidents "$COORD" "{\"id\":\"$INC\",\"district\":\"61.05\",\"hazard\":\"flood\",\"title\":\"Three nodes\",\"occurredAt\":\"2026-11-01T00:00:00Z\",\"villages\":[\"Baning Kota\"],\"affected\":{\"total\":500,\"children\":100,\"elderly\":50,\"disabled\":5,\"pregnant\":5}}")" = 201 ]
[ "$(post 1 /api/districts/61.05/personnel "$SINTANG" "{\"id\":\"$PERSON\",\"name\":\"Dewi\",\"role\":\"counselor\",\"skills\":[\"psychological-first-aid\"]}")" = 201 ]
[ "$(post 2 /api/deployments "$SINTANG" "{\"id\":\"$TEAM\",\"incidentId\":\"$INC\",\"teamName\":\"Tim LDP\",\"members\":[\"$PERSON\"],\"village\":\"Baning Kota\"}")" = 201 ]
[ "$(post 0 "/api/deployments/$TEAM/arrive" "$SINTANG" "")" = 200 ]

: >"$WORK/requests"; : >"$WORK/answers"; : >"$WORK/services"; : >"$WORK/retried"
service() { # k total → records the acknowledged total
  local code; code=$(send "$1" "/api/deployments/$TEAM/services" "$SINTANG" "{\"date\":\"$TODAY\",\"village\":\"Baning Kota\",\"service\":\"group-support\",\"newlyReached\":{\"total\":$2,\"children\":0,\"elderly\":0,\"disabled\":0,\"pregnant\":0},\"contacts\":$2}")
  [[ $code == 2* ]] && echo "$2" >>"$WORK/services"; return 0
}
reached() { get "$(node 0)" "/api/incidents/$INC/coverage" "$COORD" | jq '.reached.total // 0'; }   # the teams' snapshots (inline)
affected() { get "$(node 0)" "/api/incidents/$INC/coverage" "$COORD" | jq '.affected.total // 0'; } # the async coverage view
acked_reached() { awk '{s += $1} END {print s + 0}' "$WORK/services"; }
caught_up() { # stored ⊇ acknowledged
  local r a; r=$(reached); a=$(acked_reached); echo "(people reached: $a acknowledged, ${r:-none} shown)" >"$WORK/last-check"
  [ -n "$r" ] && [ "$r" -ge "$a" ]
}
views_node() { # the node whose Marten daemon has processed the coverage view (HotCold: only the leader runs it)
  local metrics
  for n in "${LIVE[@]}"; do
    metrics=$(get "$n" /metrics "$ADMIN" || true)
    if grep -q '^marten_incidentcoverage_all_processed_total{.*} [1-9]' <<<"$metrics"; then echo "$n"; return; fi
  done
  echo "?"
}

one() { # k: a request, its answer and a service record, each sent to another node
  local id code path body; id=$(uuid)
  code=$(send "$1" /api/requests "$COORD" "{\"id\":\"$id\",\"incidentId\":\"$INC\",\"district\":\"61.05\",\"role\":\"counselor\",\"count\":1,\"priority\":\"high\"}")
  [[ $code == 2* ]] || return 0
  echo "$id" >>"$WORK/requests"
  if (( $1 % 3 )); then path=accept body='{"count":1}'; else path=decline body='{"reason":"Tim sedang bertugas"}'; fi
  code=$(send $(($1 + 1)) "/api/requests/$id/$path" "$SINTANG" "$body")
  [[ $code == 2* ]] && echo "$id" >>"$WORK/answers"
  service $(($1 + 2)) $(( $1 % 5 + 1 ))
}
clients() { # from to: three concurrent clients
  local pids=() s
  for s in 0 1 2; do (for k in $(seq "$1" "$2"); do (( k % 3 == s )) && one "$k"; done; true) & pids+=($!); done
  wait "${pids[@]}"
}

WARM=$(( REQUESTS / 4 ))
clients 1 "$WARM"
within 60 "the warm-up's service records did not all show in coverage within 60 s" caught_up   # the views run before the kill
VIEWS=$(views_node); [ "$VIEWS" != "?" ] || { echo "FAIL: no node reports running the views"; exit 1; }
clients $(( WARM + 1 )) "$REQUESTS" & LOAD=$!
mid_load() { [ "$(wc -l <"$WORK/requests")" -ge $(( WARM + 6 )) ]; }
within 60 "the load's first requests were not acknowledged within 60 s" mid_load   # the kill lands mid-load
kill -9 "${PIDS[$VIEWS]}"; KILLED_AT=$(date +%s.%N); echo "$VIEWS" >>"$WORK/dead"
wait "${PIDS[$VIEWS]}" 2>/dev/null || true; unset "PIDS[$VIEWS]"
LIVE=(); for n in 0 1 2; do [ "$n" != "$VIEWS" ] && LIVE+=("$n"); done
echo "killed node$VIEWS (port ${PORTS[$VIEWS]}, running the async views) with SIGKILL after $(wc -l <"$WORK/requests") requests, three clients still sending"

service 0 7                                                        # a record after the kill, counted at once (inline)
# an assessment after the kill: the async views resume when it shows in the coverage view
[ "$(post "$(node 0)" "/api/incidents/$INC/assessments" "$COORD" '{"villages":["Baning Kota"],"affected":{"total":777,"children":100,"elderly":50,"disabled":5,"pregnant":5}}')" = 200 ]
until [ "$(affected)" = 777 ]; do
  (( $(echo "$(date +%s.%N) - $KILLED_AT > 120" | bc) )) && { echo "FAIL: views did not resume within 120 s"; exit 1; }
  sleep 0.2
done
RESUMED=$(echo "$(date +%s.%N) - $KILLED_AT" | bc); NEW_VIEWS=$(views_node)
echo "views resumed on node$NEW_VIEWS $(printf '%.1f' "$RESUMED") s after the kill"
wait "$LOAD"
within 60 "acknowledged service records missing from coverage 60 s after the load" caught_up

# A keyed assessment answered by one node and sent again to the other (its answer lost on the way, the load balancer choosing
# anew): the retry replays the first answer. It ran there first and rolled back on the first run's event, leaving event
# sequence numbers that nothing fills; the next assessment shows in the async coverage view once the daemon has passed that gap.
KEY=$(uuid); ASSESSED='{"villages":["Baning Kota"],"affected":{"total":888,"children":100,"elderly":50,"disabled":5,"pregnant":5}}'
keyed() { curl -s -D - -o /dev/null -m 10 -X POST "$(api "$1")/api/incidents/$INC/assessments" -H "Authorization: Bearer $COORD" \
  -H 'Content-Type: application/json' -H "Idempotency-Key: $KEY" -d "$ASSESSED" | tr -d '\r'; }
keyed "${LIVE[0]}" | grep -q '^HTTP/1.1 200'
keyed "${LIVE[1]}" | grep -qi '^Idempotent-Replayed: true'
RETRIED_AT=$(date +%s.%N)
[ "$(post "${LIVE[1]}" "/api/incidents/$INC/assessments" "$COORD" '{"villages":["Baning Kota"],"affected":{"total":999,"children":100,"elderly":50,"disabled":5,"pregnant":5}}')" = 200 ]
until [ "$(affected)" = 999 ]; do
  (( $(echo "$(date +%s.%N) - $RETRIED_AT > 30" | bc) )) && { echo "FAIL: the views did not pass a retry's gap within 30 s"; exit 1; }
  sleep 0.05
done
PASSED_GAP=$(echo "$(date +%s.%N) - $RETRIED_AT" | bc)
echo "a keyed retry on the other node replayed the first answer; the next assessment showed in coverage $(printf '%.2f' "$PASSED_GAP") s after it"

# Each acknowledged request's notice in the district's inbox, each acknowledged answer's in the province's: exactly once.
count_notices() { # audience-url kind → "requestId count" lines
  get "$(node 0)" "$1?limit=1000" "$2" | jq -r --arg kinds "$3" '.[] | select(.kind | IN($kinds | split(",")[])) | .requestId' | sort | uniq -c | awk '{print $2, $1}'
}
notices_ok() {
  count_notices /api/districts/61.05/inbox "$SINTANG" request-issued >"$WORK/issued"
  count_notices /api/inbox "$COORD" request-accepted,request-partially-accepted,request-declined >"$WORK/answered"
  [ "$(wc -l <"$WORK/issued")" -ge "$(wc -l <"$WORK/requests")" ] && [ "$(wc -l <"$WORK/answered")" -ge "$(wc -l <"$WORK/answers")" ]
}
DEADLINE=$(( $(date +%s) + 90 ))
until notices_ok || [ "$(date +%s)" -gt "$DEADLINE" ]; do sleep 0.5; done
lost_notices=0; doubled_notices=0
while read -r id; do
  n=$(awk -v id="$id" '$1 == id {print $2}' "$WORK/issued"); n=${n:-0}
  (( n == 0 )) && lost_notices=$((lost_notices + 1)); (( n > 1 )) && doubled_notices=$((doubled_notices + n - 1))
done <"$WORK/requests"
while read -r id; do
  n=$(awk -v id="$id" '$1 == id {print $2}' "$WORK/answered"); n=${n:-0}
  (( n == 0 )) && lost_notices=$((lost_notices + 1)); (( n > 1 )) && doubled_notices=$((doubled_notices + n - 1))
done <"$WORK/answers"

lost_commands=0
while read -r id; do
  status=$(get "$(node 0)" "/api/requests/$id" "$COORD" | jq -r .status)
  grep -qx "$id" "$WORK/answers" && [ "$status" = open ] && lost_commands=$((lost_commands + 1))
  [ -n "$status" ] || lost_commands=$((lost_commands + 1))
done <"$WORK/requests"
stored_services=$(get "$(node 0)" "/api/deployments/$TEAM/services?limit=1000" "$SINTANG" | jq length)
acked_services=$(wc -l <"$WORK/services")
(( stored_services < acked_services )) && lost_commands=$(( lost_commands + acked_services - stored_services ))

# The views the surviving nodes built must equal a full rebuild from the events.
views() { get "$1" "/api/incidents/$INC/coverage" "$COORD" | jq -S .; get "$1" /api/readiness "$COORD" | jq -S .; }
views "$(node 0)" >"$WORK/views-live"
for n in "${LIVE[@]}"; do kill -TERM "${PIDS[$n]}"; wait "${PIDS[$n]}" 2>/dev/null || true; unset "PIDS[$n]"; done
ConnectionStrings__Marten="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=coordination" timeout 300 dotnet "$DLL" projections rebuild >"$WORK/rebuild.log" 2>&1
start 0; ready 0; LIVE=(0)
views 0 >"$WORK/views-rebuilt"
views_equal=yes; cmp -s "$WORK/views-live" "$WORK/views-rebuilt" || { views_equal=no; diff "$WORK/views-live" "$WORK/views-rebuilt" | head -20; }

echo "requests acknowledged: $(wc -l <"$WORK/requests"); answers: $(wc -l <"$WORK/answers"); service records: $(wc -l <"$WORK/services") (stored $stored_services); commands sent again after no answer or a 5xx: $(wc -l <"$WORK/retried") ($(grep -c ' replayed$' "$WORK/retried" || true) of them stored before the answer was lost)"
echo "seconds until views resumed: $(printf '%.1f' "$RESUMED"); seconds until the views passed a retry's gap: $(printf '%.2f' "$PASSED_GAP"); notices lost: $lost_notices; notices doubled: $doubled_notices; acknowledged commands lost: $lost_commands; views equal a rebuild: $views_equal"
if [ "$lost_notices" -ne 0 ] || [ "$doubled_notices" -ne 0 ] || [ "$lost_commands" -ne 0 ] || [ "$views_equal" != yes ]; then echo "THREE NODES FAIL"; exit 1; fi
echo "THREE NODES PASS"
