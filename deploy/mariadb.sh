#!/usr/bin/env bash
# A private MariaDB instance in a directory of its own, listening on a unix socket only.
#   deploy/mariadb.sh init DIR                      create the data directory (once)
#   deploy/mariadb.sh start DIR                     start it in the background, wait until it answers
#   deploy/mariadb.sh stop DIR                      shut it down cleanly (waits)
#   deploy/mariadb.sh kill DIR                      kill -9 (fault tests)
#   deploy/mariadb.sh provision DIR DB USER PWFILE  create the database and a user with a generated
#                                                   password kept in PWFILE (mode 600); idempotent
#   deploy/mariadb.sh sql DIR [ARGS…]               the mariadb client as the instance's admin
# The admin is root authenticated by the unix socket's peer (the OS user who created it): no password.
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || [ -z "$dir" ]; then usage; exit 2; fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/data"
sock="$dir/mysqld.sock"
pidf="$dir/mysqld.pid"
logf="$dir/mysqld.err"
me=$(id -un)

admin() { mariadb --no-defaults --socket="$sock" -u root "$@"; }

running() {
  [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null
}

case "$cmd" in
  init)
    if [ -d "$data/mysql" ]; then exit 0; fi
    mkdir -p "$data"
    mariadb-install-db --no-defaults --datadir="$data" --user="$me" \
      --auth-root-authentication-method=socket --auth-root-socket-user="$me" \
      --skip-test-db > "$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
    ;;
  start)
    if running && admin -e 'SELECT 1' >/dev/null 2>&1; then exit 0; fi
    rm -f "$sock" "$pidf"
    # setsid: Ctrl-C in the terminal goes to the service; the scripts stop the database themselves.
    setsid mariadbd --defaults-file="$here/mariadb.cnf" --datadir="$data" --socket="$sock" \
      --pid-file="$pidf" --log-error="$logf" --user="$me" ${TNT_MARIADB_EXTRA_ARGS:-} \
      </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 300); do
      if admin -e 'SELECT 1' >/dev/null 2>&1; then exit 0; fi
      sleep 0.1
    done
    echo "mariadb.sh: the database in $dir did not start; its log says:" >&2
    tail -20 "$logf" >&2
    exit 1
    ;;
  stop)
    running || exit 0
    pid=$(cat "$pidf")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 600); do
      kill -0 "$pid" 2>/dev/null || exit 0
      sleep 0.1
    done
    echo "mariadb.sh: the database did not stop in 60 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  kill)
    if [ -f "$pidf" ]; then kill -KILL "$(cat "$pidf")" 2>/dev/null || true; fi
    ;;
  provision)
    db=${3:?database name}; user=${4:?user}; pwfile=${5:?password file}
    if [ ! -s "$pwfile" ]; then
      (umask 077; openssl rand -base64 33 | tr -d '/+=\n' | head -c 40 > "$pwfile")
    fi
    pw=$(cat "$pwfile")
    admin <<SQL
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$pw';
ALTER USER '$user'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON \`$db\`.* TO '$user'@'localhost';
SQL
    ;;
  sql)
    shift 2
    admin "$@"
    ;;
  *)
    usage; exit 2 ;;
esac
