#!/usr/bin/env bash
# The hostile-input checks CI runs after the test suite:
#  1. one clang build with ASan+UBSan (and libFuzzer coverage) runs the whole
#     test suite, then each libFuzzer target for SECONDS (default 60) on the
#     seed corpus (scripts/fuzz.sh);
#  2. a ThreadSanitizer build runs the batch runner's tests (threads, worker
#     processes, the cache).
# Any sanitizer report, failing test or crash fails the script.
#
# Usage: scripts/hardening.sh [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
fuzz_build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
tsan_build="${TSAN_BUILD_DIR:-$root/build-tsan}"

# Sanitizer reports fail the process; leaks are not checked (Poppler and
# GLib keep caches for the process's life).
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
# GLib's slice allocator (2.74) hands memory between threads through its
# own magazines, which TSan cannot see and reports as races; plain malloc
# is what newer GLib does anyway.
export G_SLICE=always-malloc

FUZZ_BUILD_DIR="$fuzz_build" FUZZ_BUILD_TESTS=ON "$root/scripts/fuzz.sh" "$seconds"
ctest --test-dir "$fuzz_build" --output-on-failure --parallel "$(nproc)"

cmake -S "$root" -B "$tsan_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRA_TSAN=ON >/dev/null
cmake --build "$tsan_build" --target resume-analyzer batch_test --parallel "$(nproc)"
"$tsan_build/tests/batch_test"
echo "hardening: ASan+UBSan suite, ${seconds}s of fuzzing per target and the TSan batch tests passed"
