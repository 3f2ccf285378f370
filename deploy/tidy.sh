#!/usr/bin/env bash
# clang-tidy on the service and the exports library, with the checks of .clang-tidy; any finding fails.
#   deploy/tidy.sh [FILE-REGEX]     e.g. deploy/tidy.sh 'http/' (a part of the path under service/ or exports/)
# It configures the test preset in build-tidy (compile_commands.json only, nothing is compiled).
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v run-clang-tidy >/dev/null || { echo "clang-tidy is missing: bash deploy/install-deps.sh" >&2; exit 2; }
build=${TNT_FORMS_TIDY_BUILD_DIR:-$root/build-tidy}
cmake --preset test -B "$build" -DTNT_BUILD_BENCH=OFF >/dev/null
filter=${1:-}
files="$root/(service|exports)/.*${filter}.*\\.cpp\$"
echo "== clang-tidy ($(clang-tidy --version | grep -o 'version [0-9.]*')) on $files"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
run-clang-tidy -quiet -p "$build" -j"$(nproc)" "$files" >"$out" 2>&1 || status=$?
# Only the findings, not clang-tidy's progress lines and command echoes.
grep -E '(warning|error):' "$out" | sort -u || true
if [ $status -ne 0 ]; then
  echo "== clang-tidy: findings above (or a file that does not parse: see $build)" >&2
  exit 1
fi
echo "== clang-tidy: no finding"
