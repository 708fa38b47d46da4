#!/usr/bin/env bash
# Speed figures on a generated corpus of varied fictional resume PDFs
# (bench/corpus_gen.py, cached in build/bench-corpus-COUNT so re-runs reuse
# it): `scan` with 1 job and with N jobs against Poppler's own `pdftotext` run
# once per file, all on the same files in the same run; files per second,
# speed-up, peak memory and per-stage time (`scan --timings`), plus one
# `check` latency. Prints figures; asserts nothing (speed is not a test).
#
# Usage: bench/speed.sh [COUNT] [JOBS]   (default 1000 PDFs, JOBS = nproc)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${BIN:-$root/build/resume-analyzer}"
count="${1:-1000}"
cores="${2:-$(nproc)}"
[ -x "$bin" ] || "$root/scripts/build.sh"
missing=()
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v bc >/dev/null || missing+=(bc)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "speed: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi

corpus="$root/build/bench-corpus-$count"
generate_start=$(date +%s.%N)
python3 "$root/bench/corpus_gen.py" "$corpus" "$count"
generate_seconds=$(echo "$(date +%s.%N) - $generate_start" | bc -l)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
find "$corpus" -name '*.pdf' | sort > "$work/list.txt"
files=$(wc -l < "$work/list.txt")
pages=$(while read -r f; do pdfinfo "$f" | awk '/^Pages:/{print $2}'; done < "$work/list.txt" | paste -sd+ | bc)
mb=$(du -sk "$corpus" | awk '{printf "%.1f", $1 / 1024}')

# Warm the page cache so the first timed run is not the only one reading disk.
cat $(cat "$work/list.txt") > /dev/null

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
# One scan: wall seconds, peak RSS (KB) of the largest process (the scan or one
# of its extraction workers: wait4 reports the maximum, not the sum), and the
# --timings line.
timed_scan() {
  local jobs="$1" tag="$2"
  /usr/bin/time -o "$work/time-$tag" -f '%e %M' \
    "$bin" scan --files-from "$work/list.txt" --jobs "$jobs" -q --timings -o "$work/out-$tag.jsonl" \
    2> "$work/err-$tag" || true
}

t_pdftotext=$(seconds bash -c "while read -r f; do pdftotext -q \"\$f\" - >/dev/null; done < '$work/list.txt'")
timed_scan 1 one
timed_scan "$cores" many
read -r t_scan1 peak1 < "$work/time-one"
read -r t_scanN peakN < "$work/time-many"
# check: seven runs, the median and the best (one run mostly measures the
# neighbours on a shared machine).
for i in 1 2 3 4 5 6 7; do seconds "$bin" check "$root/samples/senior-mle.pdf" --format json; done | sort -n > "$work/check"
t_check=$(sed -n 4p "$work/check")
t_check_best=$(head -1 "$work/check")
results1=$(wc -l < "$work/out-one.jsonl")
resultsN=$(wc -l < "$work/out-many.jsonl")
ok1=$(grep -c '"status":"ok"' "$work/out-one.jsonl" || true)

rate() { echo "$files / $1" | bc -l; }
printf 'corpus                        %d PDFs, %d pages, %s MB (%s; generated in %.1f s or reused)\n' \
  "$files" "$pages" "$mb" "$corpus" "$generate_seconds"
printf 'machine                       %d cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'results                       %d (1 job), %d (%d jobs), %d ok\n' "$results1" "$resultsN" "$cores" "$ok1"
printf 'pdftotext loop                %7.2f s  (%.1f files/s)\n' "$t_pdftotext" "$(rate "$t_pdftotext")"
printf 'scan --jobs 1                 %7.2f s  (%.1f files/s)\n' "$t_scan1" "$(rate "$t_scan1")"
printf 'scan --jobs %-2d                %7.2f s  (%.1f files/s)\n' "$cores" "$t_scanN" "$(rate "$t_scanN")"
printf 'ratio scan(1 job)/pdftotext   %.2f\n' "$(echo "$t_scan1 / $t_pdftotext" | bc -l)"
printf 'speed-up 1 -> %d jobs          %.2fx\n' "$cores" "$(echo "$t_scan1 / $t_scanN" | bc -l)"
printf 'peak memory, 1 job            %.1f MB (largest process)\n' "$(echo "$peak1 / 1024" | bc -l)"
printf 'peak memory, %d jobs           %.1f MB (largest process)\n' "$cores" "$(echo "$peakN / 1024" | bc -l)"
printf 'stages, 1 job                 %s\n' "$(grep -o 'timings:.*' "$work/err-one" || echo 'missing')"
printf 'stages, %d jobs                %s\n' "$cores" "$(grep -o 'timings:.*' "$work/err-many" || echo 'missing')"
printf 'check of a 2-page resume      %.0f ms median of 7, best %.0f ms (including process start and data load)\n' \
  "$(echo "$t_check * 1000" | bc -l)" "$(echo "$t_check_best * 1000" | bc -l)"
