#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) into build-fuzz/ and
# runs each for SECONDS (default 60) on a seed corpus of the samples and the
# bad-input fixtures. A crash leaves its input in build-fuzz/ and fails.
#
# Usage: scripts/fuzz.sh [SECONDS]
# FUZZ_BUILD_TESTS=ON also builds the test suite there (ASan+UBSan), as
# scripts/hardening.sh does to run it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
"$root/scripts/install-deps.sh"
if ! command -v clang++ >/dev/null || [ ! -e "$(dirname "$(readlink -f "$(command -v clang++)")")/../lib/clang" ]; then
  apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DRA_FUZZ=ON -DRA_BUILD_TESTS="${FUZZ_BUILD_TESTS:-OFF}" >/dev/null
if [ "${FUZZ_BUILD_TESTS:-OFF}" = ON ]; then
  cmake --build "$build" --parallel "$(nproc)"
else
  cmake --build "$build" --target text_pipeline_fuzzer pdf_loader_fuzzer docx_loader_fuzzer --parallel "$(nproc)"
fi

mkdir -p "$build/corpus-text" "$build/corpus-pdf" "$build/corpus-docx"
cp "$root"/samples/*.txt "$root"/samples/*.md "$root"/tests/fixtures/judgement/*.txt \
   "$root"/tests/fixtures/bad/*.txt "$build/corpus-text/"
cp "$root"/samples/*.pdf "$root"/tests/fixtures/bad/*.pdf "$root"/tests/fixtures/hidden/*.pdf "$build/corpus-pdf/"
cp "$root"/tests/fixtures/docx/*.docx "$build/corpus-docx/"
rm -f "$build/corpus-docx/zip-bomb.docx"  # its 72 MiB would only slow every mutation down

cd "$build"
export ASAN_OPTIONS=detect_leaks=0
./text_pipeline_fuzzer -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 corpus-text
./pdf_loader_fuzzer -max_total_time="$seconds" -max_len=262144 -timeout=20 -rss_limit_mb=2048 corpus-pdf
./docx_loader_fuzzer -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 corpus-docx
echo "fuzzing: no crash in ${seconds}s per target"
