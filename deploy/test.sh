#!/usr/bin/env bash
# The whole test suite: dependencies, the format check (deploy/format.sh), a sanitizer build (ASan + UBSan,
# -Werror), a throwaway MariaDB, then ctest (unit, integration, e2e) with its summary; without arguments,
# then the threaded parts again in a ThreadSanitizer build (any race report fails). The database is stopped
# and removed whatever happens; the exit code is ctest's.
#   deploy/test.sh [ctest arguments…]     e.g. deploy/test.sh -L unit
#   TNT_FORMS_SANITIZER=thread deploy/test.sh [ctest arguments…]   the ThreadSanitizer build only
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash deploy/install-deps.sh
bash deploy/install-npm.sh
bash deploy/format.sh --check

jobs=$(nproc)
# What ThreadSanitizer runs: the threads that hand requests and sockets to one another (worker pool,
# dispatcher, the writer thread of slow readers and streamed exports), through the real binary, the
# e-mail senders beside the batch writers (mail_e2e), and the offers' sweep beside the requests that change
# sign-ups (WaitlistPagesTest).
tsan_targets=(tnt-forms http_unit_tests templating_unit_tests pilots_e2e_tests edge_e2e_tests pages_e2e_tests
  responding_e2e_tests storage_integration_tests importing_unit_tests importing_e2e_tests)
# The submissions answered by the writers that commit them: concurrent sign-ups and retries, the bounded queue;
# the import, whose chunks are stored on their own thread while the next one is read; the exports, whose next
# chunk is read on its own thread while this one is written.
tsan_tests='ResponseImporter\.Chunks|ResponseImporter\.AStoreFailure|ImportCommandTest\.(Framaforms|ImportingTheSame|Airtable)|SocketWriter\.|TemplateSetThreads\.|WorkerPool\.|DispatcherFixture\.|LongExportTest\.|EdgeTest\.|EdgeServiceTest\.|WaitlistPagesTest\.|^mail_e2e$|ApiTest\.FiftyConcurrent|ApiTest\.ConcurrentRetries|ResponseRepositoryTest\.TheWritersQueue|ExportRepositoryTest\.|PilotApiTest\.ExportCommand'
tsan_build=${TNT_FORMS_TSAN_BUILD_DIR:-$root/build-tsan}
build_tsan() {
  echo "== build (ThreadSanitizer, -Werror) in $tsan_build: ${tsan_targets[*]}"
  cmake --preset tsan -B "$tsan_build" >/dev/null
  cmake --build "$tsan_build" -j"$jobs" --target "${tsan_targets[@]}"
}
sanitizer=${TNT_FORMS_SANITIZER:-address}
case "$sanitizer" in
  address)
    build=${TNT_FORMS_TEST_BUILD_DIR:-$root/build-test}
    echo "== build (Debug, AddressSanitizer + UndefinedBehaviorSanitizer, -Werror) in $build"
    cmake --preset test -B "$build" >/dev/null
    cmake --build "$build" -j"$jobs"
    ;;
  thread)
    build=$tsan_build
    build_tsan
    ;;
  *) echo "TNT_FORMS_SANITIZER: address or thread, not $sanitizer" >&2; exit 2 ;;
esac

tmp=$(mktemp -d /tmp/tnt-forms-test.XXXXXX)
cleanup() {
  bash "$root/deploy/mariadb.sh" stop "$tmp/mariadb" || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

echo "== throwaway MariaDB in $tmp/mariadb"
bash deploy/mariadb.sh init "$tmp/mariadb"
bash deploy/mariadb.sh start "$tmp/mariadb"
(umask 077; openssl rand -hex 20 > "$tmp/test-password"; openssl rand -hex 20 > "$tmp/test-app-password")
password=$(cat "$tmp/test-password")
app_password=$(cat "$tmp/test-app-password")
# The test user may create and drop the databases tnt_test_* only: each test gets its own. The app user
# has the running service's privileges of deploy/README.md § 2 (rows only, no DDL), to prove they suffice.
bash deploy/mariadb.sh sql "$tmp/mariadb" <<SQL
CREATE USER IF NOT EXISTS 'tnt_test'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`tnt\\_test\\_%\`.* TO 'tnt_test'@'localhost';
CREATE USER IF NOT EXISTS 'tnt_test_app'@'localhost' IDENTIFIED BY '$app_password';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`tnt\\_test\\_%\`.* TO 'tnt_test_app'@'localhost';
SQL

export TNT_FORMS_TEST_DB_SOCKET="$tmp/mariadb/mysqld.sock"
export TNT_FORMS_TEST_DB_USER=tnt_test
export TNT_FORMS_TEST_DB_PASSWORD="$password"
export TNT_FORMS_TEST_DB_APP_USER=tnt_test_app
export TNT_FORMS_TEST_DB_APP_PASSWORD="$app_password"
export TNT_FORMS_TEST_BINARY="$build/service/tnt-forms"
export TNT_FORMS_TEST_SOURCE_DIR="$root"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# ThreadSanitizer writes its reports to files (the service's own included): any report fails the run.
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp log_path=$tmp/tsan/report"
mkdir -p "$tmp/tsan"
tsan_reports() {
  if compgen -G "$tmp/tsan/report*" >/dev/null; then
    echo "== ThreadSanitizer reports:" >&2
    cat "$tmp"/tsan/report* >&2
    return 1
  fi
  echo "== ThreadSanitizer: no report"
}

status=0
if [ "$sanitizer" = thread ]; then
  echo "== ctest (ThreadSanitizer)"
  [ $# -gt 0 ] || set -- -R "$tsan_tests"
  ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 600 "$@" || status=$?
  tsan_reports || status=1
  exit $status
fi
echo "== ctest"
ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 600 "$@" || status=$?
if [ $# -eq 0 ]; then
  build_tsan
  export TNT_FORMS_TEST_BINARY="$tsan_build/service/tnt-forms"
  echo "== ctest (ThreadSanitizer: $tsan_tests)"
  ctest --test-dir "$tsan_build" --output-on-failure -j"$jobs" --timeout 600 -R "$tsan_tests" || status=$?
  tsan_reports || status=1
fi
exit $status
