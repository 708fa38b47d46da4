#!/usr/bin/env python3
"""Reads the real resume templates in /work/shared/corpus/templates with
`resume-analyzer check --format json` and compares what it finds with what a
person sees on each page (bench/templates-expected.json: section kinds in
order, number of experience and education entries, link kinds).

Usage: bench/templates.py [BINARY] [CORPUS_DIR]
Prints per template the sections, entry counts and links found, what differs
from the expectation, and how many templates are read fully right. Exits 0
(a measurement, not a test); prints "corpus absent, skipping" without the corpus.
"""
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "resume-analyzer")
CORPUS = Path(sys.argv[2] if len(sys.argv) > 2 else "/work/shared/corpus/templates")
# Kinds a person names on a page; "header" (text before the first heading) is
# not a heading, and consecutive sections of one kind read as one.
IGNORED = {"header"}


def found(pdf: Path) -> dict:
    run = subprocess.run([BINARY, "check", "--format", "json", "--as-of", "2026-11-01", str(pdf)],
                         capture_output=True, text=True, check=False)
    result = json.loads(run.stdout)
    if result.get("status") != "ok":
        return {"error": result.get("error", {}).get("code", "unknown")}
    kinds = []
    for section in result["sections"]:
        if section["kind"] not in IGNORED and (not kinds or kinds[-1] != section["kind"]):
            kinds.append(section["kind"])
    entries = Counter(entry["section"] for entry in result["entries"])
    return {
        "sections": kinds,
        "experience_entries": entries.get("experience", 0),
        "education_entries": entries.get("education", 0),
        "links": sorted({link["kind"] for link in result["links"]}),
        "columns": result["extraction"].get("columns", 1),
    }


def differences(expected: dict, actual: dict) -> list:
    if "error" in actual:
        return [f"error {actual['error']}"]
    diffs = []
    for key in ("sections", "experience_entries", "education_entries", "links"):
        if key in expected and expected[key] != actual[key]:
            diffs.append(f"{key}: expected {expected[key]}, found {actual[key]}")
    return diffs


def main() -> int:
    if not CORPUS.is_dir():
        print("corpus absent, skipping")
        return 0
    expected_all = json.loads((ROOT / "bench" / "templates-expected.json").read_text())
    right = 0
    pdfs = sorted(CORPUS.glob("*.pdf"))
    for pdf in pdfs:
        actual = found(pdf)
        expected = expected_all.get(pdf.name)
        print(f"{pdf.name}")
        if "error" not in actual:
            print(f"  found: sections {' > '.join(actual['sections'])}; entries: experience "
                  f"{actual['experience_entries']}, education {actual['education_entries']}; "
                  f"links {', '.join(actual['links']) or '-'}; columns {actual['columns']}")
        if expected is None:
            print("  (no expectation recorded)")
            continue
        diffs = differences(expected, actual)
        if diffs:
            for diff in diffs:
                print(f"  DIFF {diff}")
        else:
            right += 1
            print("  ok")
    print(f"\n{right} of {len(pdfs)} templates read fully right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
