#!/usr/bin/env python3
"""Runs the built analyzer on every sample and bad fixture and validates each
JSON result against docs/result.schema.json; also checks that every quote is
exactly the `extract` output between its offsets.

Usage: validate_schema.py BINARY SOURCE_DIR
"""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema


def main() -> int:
    binary, source = sys.argv[1], Path(sys.argv[2])
    schema = json.loads((source / "docs" / "result.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    inputs = [str(source / "samples"), str(source / "tests" / "fixtures" / "bad"),
              str(source / "tests" / "fixtures" / "docx")]
    run = subprocess.run([binary, "scan", "--as-of", "2026-11-01", "--quiet", *inputs],
                         capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        print(f"scan exited {run.returncode}: {run.stderr}")
        return 1
    failures = 0
    results = [json.loads(line) for line in run.stdout.splitlines()]
    if len(results) < 20:
        print(f"expected at least 20 results, got {len(results)}")
        return 1
    for result in results:
        errors = sorted(validator.iter_errors(result), key=lambda e: list(e.path))
        for error in errors:
            failures += 1
            print(f"{result.get('file')}: {'/'.join(map(str, error.path))}: {error.message[:300]}")
        if result["status"] != "ok":
            continue
        text = subprocess.run([binary, "extract", result["file"]], capture_output=True, check=True).stdout
        for group in ("skills", "credentials", "roles"):
            for match in result[group]:
                for quote in match["evidence"]:
                    if text[quote["start"]:quote["end"]].decode("utf-8") != quote["text"]:
                        failures += 1
                        print(f"{result['file']}: {match['id']}: quote {quote} does not match extract output")
    print(f"{len(results)} results checked, {failures} failed, 0 skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
