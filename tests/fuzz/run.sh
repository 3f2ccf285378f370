#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a bounded time, one after the other, and prints the
# executions and crashes of each. Builds in build-fuzz/ with Debian's clang, ASan + UBSan everywhere.
#   tests/fuzz/run.sh [SECONDS] [TARGET…]   default 60 s per target, all targets
# New inputs go to build-fuzz/corpus/<target>/ and crashes to build-fuzz/artifacts/<target>/; the seeds in
# tests/fuzz/corpus/<target>/ are only read. Exit code 1 when any target crashed.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(urlencoded answers json_body form_loader csv_reader)
build=${TNT_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${TNT_FUZZ_JOBS:-2}

sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
echo "== configure $build (clang, $sanitize)"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTNT_FUZZ=ON -DTNT_BUILD_TESTS=ON -DTNT_BUILD_BENCH=OFF \
  -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_CXX_FLAGS="$sanitize" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
echo "== build the fuzz targets"
cmake --build "$build" --target $(printf 'fuzz_%s ' "${targets[@]}") -j"$jobs"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

summary=()
failed=0
for target in "${targets[@]}"; do
  work="$build/corpus/$target"
  artifacts="$build/artifacts/$target/"
  log="$build/fuzz-$target.log"
  mkdir -p "$work" "$artifacts"
  dict=()
  [ -f "$root/tests/fuzz/dict/$target.dict" ] && dict=(-dict="$root/tests/fuzz/dict/$target.dict")
  echo "== fuzz_$target for ${seconds}s (log: $log)"
  status=0
  "$build/tests/fuzz/targets/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$artifacts" "${dict[@]}" "$work" "$root/tests/fuzz/corpus/$target" \
    >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ -z "$execs" ]; then execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#'); fi
  crashes=$(find "$artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [ "$status" -ne 0 ]; then
    failed=1
    grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|fuzz invariant failed' "$log" || true
  fi
  summary+=("$(printf '%-12s executions %-10s corpus %-5s crashes %s (exit %s)' "$target" "${execs:-?}" \
    "$(find "$work" -type f | wc -l)" "$crashes" "$status")")
done

echo "== summary (${seconds}s per target; crash inputs in $build/artifacts/<target>/)"
printf '%s\n' "${summary[@]}"
exit "$failed"
