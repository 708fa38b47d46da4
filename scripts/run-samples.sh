#!/usr/bin/env bash
# Builds the analyzer and runs the main job on the bundled samples: a ranked
# scan of samples/ into out/ (JSON Lines, CSV, an HTML page) and the report of
# one resume.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
bin="${BUILD_DIR:-$root/build}/resume-analyzer"
mkdir -p "$root/out"
"$bin" scan "$root/samples" -o "$root/out/samples.jsonl"
"$bin" scan "$root/samples" --format csv -o "$root/out/samples.csv"
"$bin" scan "$root/samples" --format html -o "$root/out/report.html"
echo "== Ranking (out/samples.jsonl, out/samples.csv; open out/report.html in a browser)"
python3 - "$root/out/samples.jsonl" <<'PY'
import json, sys, os
rows = [json.loads(line) for line in open(sys.argv[1])]
rows.sort(key=lambda r: -r.get("score", -1))
for r in rows:
    name = os.path.basename(r["file"])
    if r["status"] == "ok":
        print(f"{r['score']:5.1f}  {r['verdict']:<14} {name}")
    else:
        print(f"  --   error          {name}: {r['error']['code']}")
PY
echo
echo "== Report for samples/senior-mle.pdf"
"$bin" check "$root/samples/senior-mle.pdf"
