#!/usr/bin/env bash
# Speed figures: `scan` on N copies of the bundled sample PDFs against
# Poppler's own `pdftotext` run once per file, one `check` latency, and
# peak memory. Prints figures; asserts nothing (speed is not a test).
#
# Usage: bench/speed.sh [COPIES]   (default 20 copies of each sample PDF)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${BIN:-$root/build/resume-analyzer}"
copies="${1:-20}"
[ -x "$bin" ] || "$root/scripts/build.sh"
missing=()
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v bc >/dev/null || missing+=(bc)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "speed: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
for i in $(seq 1 "$copies"); do
  for pdf in "$root"/samples/*.pdf; do cp "$pdf" "$work/corpus/$i-$(basename "$pdf")"; done
done
files=$(ls "$work/corpus" | wc -l)
cores=$(nproc)

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); echo "$end - $start" | bc -l; }

t_pdftotext=$(seconds bash -c "for f in '$work'/corpus/*.pdf; do pdftotext -q \"\$f\" - >/dev/null; done")
t_scan1=$(seconds "$bin" scan "$work/corpus" --jobs 1 -o "$work/out1.jsonl")
t_scanN=$(seconds "$bin" scan "$work/corpus" --jobs "$cores" -o "$work/outN.jsonl")
peak_kb=$( { /usr/bin/time -f '%M' "$bin" scan "$work/corpus" --jobs "$cores" -o /dev/null; } 2>&1 | tail -1 )
t_check=$(seconds "$bin" check "$root/samples/senior-mle.pdf" --format json)

printf 'files                         %d (%d sample PDFs x %d)\n' "$files" "$((files / copies))" "$copies"
printf 'pdftotext loop                %.2f s  (%.1f files/s)\n' "$t_pdftotext" "$(echo "$files / $t_pdftotext" | bc -l)"
printf 'scan --jobs 1                 %.2f s  (%.1f files/s)\n' "$t_scan1" "$(echo "$files / $t_scan1" | bc -l)"
printf 'scan --jobs %-2d                %.2f s  (%.1f files/s)\n' "$cores" "$t_scanN" "$(echo "$files / $t_scanN" | bc -l)"
printf 'ratio scan(1 job)/pdftotext   %.2f\n' "$(echo "$t_scan1 / $t_pdftotext" | bc -l)"
printf 'speed-up 1 -> %d jobs          %.2fx\n' "$cores" "$(echo "$t_scan1 / $t_scanN" | bc -l)"
printf 'peak memory (scan, %d jobs)    %.1f MB\n' "$cores" "$(echo "$peak_kb / 1024" | bc -l)"
printf 'check of a 2-page resume      %.0f ms (including process start and data load)\n' "$(echo "$t_check * 1000" | bc -l)"
