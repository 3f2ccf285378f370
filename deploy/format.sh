#!/usr/bin/env bash
# The tree's one C++ style (.clang-format, clang-format 14): applies it to every tracked .cpp and .h, or with
# --check changes nothing and fails, naming the files, when one differs. deploy/test.sh runs the check.
#   deploy/format.sh [--check]
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v clang-format >/dev/null || { echo "clang-format is missing: bash deploy/install-deps.sh" >&2; exit 2; }
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--check" ]; then
  differing=()
  for f in "${files[@]}"; do
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || differing+=("$f")
  done
  if [ "${#differing[@]}" -gt 0 ]; then
    echo "== format: ${#differing[@]} file(s) differ from .clang-format; bash deploy/format.sh rewrites them:" >&2
    printf '   %s\n' "${differing[@]}" >&2
    exit 1
  fi
  echo "== format: ${#files[@]} files follow .clang-format"
else
  clang-format -i "${files[@]}"
fi
