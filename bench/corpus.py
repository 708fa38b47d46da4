#!/usr/bin/env python3
"""Measures the analyzer on the development corpus in ../shared/corpus:
the score distribution of real non-ML resumes (negatives/, all expected in the
lowest band), and what is found in the real template PDFs (templates/).

Reads the corpus only; prints figures. Skips (exit 0) when the corpus is
absent, as on a user's clone.

Usage: bench/corpus.py [BINARY]
"""
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def scan(binary: str, folder: Path) -> list:
    run = subprocess.run([binary, "scan", "--quiet", str(folder)], capture_output=True, text=True, check=False)
    return [json.loads(line) for line in run.stdout.splitlines()]


def main() -> int:
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "resume-analyzer")
    if not CORPUS.is_dir():
        print(f"skipped: no corpus at {CORPUS}")
        return 0
    negatives = scan(binary, CORPUS / "negatives")
    ok = [r for r in negatives if r["status"] == "ok"]
    scores = sorted(r["score"] for r in ok)
    print(f"negatives: {len(negatives)} files, {len(negatives) - len(ok)} errors")
    if scores:
        print(f"  score min {scores[0]:.1f}  median {statistics.median(scores):.1f}  "
              f"p90 {scores[int(0.9 * (len(scores) - 1))]:.1f}  max {scores[-1]:.1f}")
        bands = {}
        for r in ok:
            bands[r["verdict"]] = bands.get(r["verdict"], 0) + 1
        print("  verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(bands.items())))
        for r in sorted(ok, key=lambda r: -r["score"])[:5]:
            print(f"  highest: {r['score']:5.1f} {Path(r['file']).name}")
    templates = scan(binary, CORPUS / "templates")
    print(f"templates: {len(templates)} files, {sum(r['status'] != 'ok' for r in templates)} errors")
    for r in templates:
        if r["status"] != "ok":
            print(f"  {Path(r['file']).name}: {r['error']['code']}")
            continue
        kinds = sorted({s["kind"] for s in r["sections"]} - {"header"})
        dated = sum(1 for e in r["entries"] if e["dates"])
        print(f"  {Path(r['file']).name:52s} score {r['score']:5.1f} sections {len(kinds):2d} "
              f"entries {len(r['entries']):2d} (dated {dated:2d}) links {len(r['links']):2d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
