#!/usr/bin/env bash
# The cluster test: three MariaDB Galera nodes on loopback ports, two tnt-forms instances (one on node 1,
# one on node 2), one load generator.
#   1. the capacity race across both instances: 50 concurrent sign-ups for a 10-place group → exactly 10;
#   2. the waitlist race across both instances: 50 sign-ups for a 10-place group with a waitlist → 10
#      registered, 40 waitlisted at distinct positions 1..40; then 5 withdrawals race with the first five
#      waiting clicking « accept » on their receipts and both instances' sweeps, while a watcher on node 3
#      checks registered + offered ≤ capacity: the five accept in order, nobody is offered twice;
#   3. under steady submissions (clients retry with their Idempotency-Key), node 3 is killed (SIGKILL) and
#      rejoins: every submission answered 201 must be on every node afterwards.
# Prints the figures (sent, acknowledged, stored per node, errors); exit 0 when both hold.
#   tests/cluster/run.sh [--seconds N]
set -euo pipefail
seconds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bash deploy/install-deps.sh
echo "== build (Release)"
cmake --preset release >/dev/null
cmake --build build-release --target tnt-forms -j"$(nproc)" >/dev/null
bin=$root/build-release/service/tnt-forms

work=$(mktemp -d /tmp/tnt-cluster.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for n in 1 2 3; do
    [ -f "$work/n$n/mysqld.pid" ] && kill -TERM "$(cat "$work/n$n/mysqld.pid")" 2>/dev/null || true
  done
  sleep 2
  for n in 1 2 3; do [ -f "$work/n$n/mysqld.pid" ] && kill -KILL "$(cat "$work/n$n/mysqld.pid")" 2>/dev/null || true; done
  [ -n "${TNT_KEEP_CLUSTER_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
# The nodes run as an unprivileged user, so that the rsync daemon of a state transfer (which runs as the
# node's user, or as nobody under root) owns the files it writes.
me=$(id -un)
[ "$me" = root ] && me=nobody
gcomm="gcomm://127.0.0.1:14561,127.0.0.1:14562,127.0.0.1:14563"

start_node() {  # start_node N [--wsrep-new-cluster]
  local n=$1; shift
  local d="$work/n$n"
  setsid mariadbd --defaults-file="$root/tests/cluster/galera-node.cnf" --datadir="$d/data" --socket="$d/mysqld.sock" \
    --pid-file="$d/mysqld.pid" --log-error="$d/mysqld.err" --user="$me" --port=$((13300 + n)) \
    --wsrep_cluster_address="$gcomm" --wsrep_node_address="127.0.0.1:1456$n" --wsrep_node_name="node$n" \
    --wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:1456$n;ist.recv_addr=127.0.0.1:1457$n" \
    --wsrep_sst_receive_address="127.0.0.1:1458$n" "$@" </dev/null >/dev/null 2>&1 &
}
node_sql() { local n=$1; shift; mariadb --no-defaults --socket="$work/n$n/mysqld.sock" -u root "$@"; }
wait_synced() {
  local n=$1
  for _ in $(seq 1 600); do
    if [ "$(node_sql "$n" -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | awk '{print $2}')" = "Synced" ]; then return 0; fi
    sleep 0.2
  done
  echo "node $n did not reach Synced; its log says:" >&2; tail -30 "$work/n$n/mysqld.err" >&2; return 1
}

echo "== three Galera nodes in $work"
chmod 755 "$work"
for n in 1 2 3; do
  mkdir -p "$work/n$n"; chown "$me" "$work/n$n"
  mariadb-install-db --no-defaults --datadir="$work/n$n/data" --user="$me" --auth-root-authentication-method=socket \
    --auth-root-socket-user="$(id -un)" --skip-test-db > "$work/n$n/install.log" 2>&1
done
start_node 1 --wsrep-new-cluster; wait_synced 1
start_node 2; wait_synced 2
start_node 3; wait_synced 3
echo "   cluster size: $(node_sql 1 -N -e "SHOW STATUS LIKE 'wsrep_cluster_size'" | awk '{print $2}')"
pw=$(openssl rand -hex 16)
node_sql 1 -e "CREATE DATABASE tnt_forms CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER 'tnt_forms'@'localhost' IDENTIFIED BY '$pw'; GRANT ALL ON tnt_forms.* TO 'tnt_forms'@'localhost';"
echo "$pw" > "$work/password"
export TNT_FORMS_DB_NAME=tnt_forms TNT_FORMS_DB_USER=tnt_forms TNT_FORMS_DB_PASSWORD_FILE="$work/password"
forms="$root/tests/e2e/data/forms"
# Migrations once, before the instances (deploy/README.md: « Mettre à jour »).
TNT_FORMS_DB_SOCKET="$work/n1/mysqld.sock" "$bin" migrate --schema schema >/dev/null

echo "== two tnt-forms instances (node 1 and node 2)"
for i in 1 2; do
  TNT_FORMS_DB_SOCKET="$work/n$i/mysqld.sock" "$bin" serve --listen "127.0.0.1:1808$i" --forms "$forms" --schema schema \
    --no-migrate --rate-limit 0 --no-request-log --offer-sweep 1 > "$work/instance$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 100); do curl -sf "127.0.0.1:1808$i/readyz" >/dev/null && break; sleep 0.1; done
done

echo "== 1. capacity race: 50 sign-ups for 10 places, across both instances"
mkdir -p "$work/race"
race_pids=()
for k in $(seq 1 50); do
  port=$((18081 + k % 2))
  curl -s -o "$work/race/$k.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"answers\":{\"nom\":\"Agent $k\",\"email\":\"agent$k@commune.fr\",\"groupes\":[\"PETIT\"]}}" \
    "127.0.0.1:$port/api/v1/forms/inscription-test/responses" > "$work/race/$k.status" &
  race_pids+=($!)
done
wait "${race_pids[@]}"
accepted=$(grep -lx 201 "$work"/race/*.status | wc -l)
full=$( (grep -l group_full "$work"/race/*.json || true) | wc -l)
registered=$(node_sql 3 -N -e "SELECT registered FROM tnt_forms.project_groups WHERE code = 'PETIT'")
others=$(for f in "$work"/race/*.status; do c=$(cat "$f"); [ "$c" = 201 ] || grep -q group_full "${f%.status}.json" ||
  echo "$c $(head -c 200 "${f%.status}.json")"; done)
echo "   accepted: $accepted, group_full: $full, counter on node 3: $registered${others:+; other answers: $others}"
race_ok=$([ "$accepted" -eq 10 ] && [ "$full" -eq 40 ] && [ "$registered" -eq 10 ] && echo yes || echo no)

echo "== 2. waitlist race: 50 sign-ups for 10 places with a waitlist, across both instances"
mkdir -p "$work/wait"
wait_pids=()
# Each client retries with its Idempotency-Key until it gets a 201 (a 503 after repeated certification
# conflicts on the group's row is an answer a client retries, like any 503).
for k in $(seq 1 50); do
  ( for try in $(seq 1 10); do
      port=$((18081 + (k + try) % 2))
      code=$(curl -s -o "$work/wait/$k.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        -H "Idempotency-Key: attente-$k" \
        -d "{\"answers\":{\"nom\":\"Attente $k\",\"email\":\"attente$k@commune.fr\",\"groupes\":[\"ATTENTE\"]}}" \
        "127.0.0.1:$port/api/v1/forms/inscription-test/responses")
      [ "$code" = 201 ] && break
      echo "$code" >> "$work/wait/retries"; sleep 0.2
    done ) &
  wait_pids+=($!)
done
wait "${wait_pids[@]}"
w_registered=$(grep -l '"state":"registered"' "$work"/wait/*.json | wc -l)
w_waiting=$(grep -l '"state":"waitlisted"' "$work"/wait/*.json | wc -l)
positions=$(grep -ho '"position":[0-9]*' "$work"/wait/*.json | cut -d: -f2 | sort -n | uniq | tr '\n' ' ')
expected_positions=$(seq 1 40 | tr '\n' ' ')
echo "   registered: $w_registered, waitlisted: $w_waiting, distinct positions 1..40: $([ "$positions" = "$expected_positions" ] && echo yes || echo "no ($positions)"), retried answers: $(sort "$work/wait/retries" 2>/dev/null | uniq -c | tr '\n' ' ')"
invariant() {  # on node 3: empty when registered + offered ≤ capacity and the counters are the rows
  node_sql 3 -N -e "SELECT CONCAT_WS(' ', IF(h.n > g.capacity, CONCAT('held ', h.n), NULL), IF(h.n <> g.registered, 'counter', NULL))
    FROM tnt_forms.project_groups g, (SELECT COUNT(*) n FROM tnt_forms.registrations WHERE group_code = 'ATTENTE'
    AND state IN ('registered', 'offered')) h WHERE g.code = 'ATTENTE'"
}
receipt_of() { sed 's/.*"receipt_url":"\([^"]*\)".*/\1/' "$1"; }
: > "$work/wait/violations"
( while [ ! -f "$work/wait/done" ]; do v=$(invariant); [ -z "$v" ] || echo "$v" >> "$work/wait/violations"; done ) &
watcher=$!
# The first five in line click « accept » on their receipts until it takes (their offer may not exist yet).
first_five=$(grep -l '"position":[1-5],' "$work"/wait/*.json)
accept_pids=()
for f in $first_five; do
  ( receipt=$(receipt_of "$f"); for _ in $(seq 1 300); do
      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "127.0.0.1:1808$((RANDOM % 2 + 1))$receipt/groupes/ATTENTE/accepter")
      [ "$code" = 303 ] && { echo "$f" >> "$work/wait/accepted"; break; }; sleep 0.1; done ) &
  accept_pids+=($!)
done
# Five of the registered withdraw at once, on both instances.
withdraw_pids=()
for f in $(grep -l '"state":"registered"' "$work"/wait/*.json | head -5); do
  receipt=$(receipt_of "$f"); secret=${receipt##*/}
  curl -s -o /dev/null -X POST "127.0.0.1:1808$((RANDOM % 2 + 1))/api/v1/forms/inscription-test/receipts/$secret/groups/ATTENTE/withdraw" &
  withdraw_pids+=($!)
done
wait "${withdraw_pids[@]}" "${accept_pids[@]}"
touch "$work/wait/done"; wait "$watcher"
counts=$(node_sql 3 -N -e "SELECT GROUP_CONCAT(CONCAT(state, ' ', n) ORDER BY state SEPARATOR ', ') FROM (SELECT state, COUNT(*) n
  FROM tnt_forms.registrations WHERE group_code = 'ATTENTE' GROUP BY state) s")
twice=$(node_sql 3 -N -e "SELECT COUNT(*) FROM (SELECT response_id FROM tnt_forms.registrations WHERE group_code = 'ATTENTE'
  AND offer_hash IS NOT NULL GROUP BY response_id HAVING COUNT(DISTINCT offer_hash) > 1) t")
accepted_count=$(sort -u "$work/wait/accepted" 2>/dev/null | wc -l)
violations=$(wc -l < "$work/wait/violations")
echo "   after 5 withdrawals racing with 5 acceptances and the sweeps, on node 3: $counts"
echo "   accepted: $accepted_count of the first five in line; offered twice: $twice; invariant violations seen: $violations"
wait_ok=$([ "$w_registered" -eq 10 ] && [ "$w_waiting" -eq 40 ] && [ "$positions" = "$expected_positions" ] &&
  [ "$accepted_count" -eq 5 ] && [ "$twice" -eq 0 ] && [ "$violations" -eq 0 ] && [ -z "$(invariant)" ] && echo yes || echo no)

echo "== 3. steady submissions for ${seconds}s; node 3 killed and rejoined meanwhile"
load() {  # load CLIENT: posts with its own keys, alternating instances, retrying a key until 201
  local c=$1 i=0 end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    i=$((i + 1)); local key="c$c-$i" tries=0
    while [ $SECONDS -lt $((end + 10)) ]; do
      tries=$((tries + 1)); echo sent >> "$work/load-$c.sent"
      local port=$((18081 + (i + tries) % 2))
      local out; out=$(curl -s -m 5 -w ' %{http_code}' -H 'Content-Type: application/json' -H "Idempotency-Key: $key" \
        -d "{\"answers\":{\"note\":$((1 + i % 5)),\"commentaire\":\"client $c, envoi $i\"}}" \
        "127.0.0.1:$port/api/v1/forms/avis/responses" || echo " 000")
      if [ "${out##* }" = "201" ]; then
        echo "$out" | sed 's/.*"id":"\([A-Za-z0-9]*\)".*/\1/' >> "$work/load-$c.ids"; break
      fi
      echo "${out##* }" >> "$work/load-$c.errors"; sleep 0.1
    done
  done
}
load_pids=()
for c in 1 2 3 4; do load "$c" & load_pids+=($!); done
sleep $((seconds / 3))
kill -KILL "$(cat "$work/n3/mysqld.pid")"; echo "   node 3 killed at ${SECONDS}s"
sleep $((seconds / 3))
start_node 3; wait_synced 3
echo "   node 3 synced again at ${SECONDS}s"
wait "${load_pids[@]}"
sleep 2  # let node 3 apply what it received

cat "$work"/load-*.ids | sort -u > "$work/acknowledged"
acknowledged=$(wc -l < "$work/acknowledged")
sent=$(cat "$work"/load-*.sent | wc -l)
errors=$(cat "$work"/load-*.errors 2>/dev/null | sort | uniq -c | tr '\n' ' ')
node_sql 1 -N -e "SELECT public_id FROM tnt_forms.responses r JOIN tnt_forms.forms f ON f.id = r.form_id WHERE f.slug = 'avis'" | sort > "$work/n1.ids"
all_ok=yes
for n in 1 2 3; do
  node_sql "$n" -N -e "SELECT public_id FROM tnt_forms.responses r JOIN tnt_forms.forms f ON f.id = r.form_id WHERE f.slug = 'avis'" | sort > "$work/n$n.ids"
  stored=$(wc -l < "$work/n$n.ids")
  missing=$(comm -23 "$work/acknowledged" "$work/n$n.ids" | wc -l)
  echo "   node $n: stored $stored, acknowledged but missing: $missing"
  [ "$missing" -eq 0 ] || all_ok=no
done
dupes=$(node_sql 1 -N -e "SELECT COUNT(*) FROM (SELECT idempotency_key FROM tnt_forms.responses WHERE idempotency_key IS NOT NULL GROUP BY idempotency_key HAVING COUNT(*) > 1) d")
echo "   requests sent: $sent, acknowledged (201): $acknowledged, duplicates: $dupes, other answers: ${errors:-none}"
[ "$dupes" -eq 0 ] || all_ok=no
echo
echo "capacity race: $race_ok; waitlist race: $wait_ok; every acknowledged submission on every node: $all_ok"
[ "$race_ok" = yes ] && [ "$wait_ok" = yes ] && [ "$all_ok" = yes ]
