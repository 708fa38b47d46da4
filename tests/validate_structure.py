#!/usr/bin/env python3
"""Runs `extract --format json` and `extract --format jsonresume` on every
sample and DOCX fixture resume, validates the first against
docs/structure.schema.json and the second against the committed JSON Resume
v1.0.0 subset schema, and checks that every offset and quoted field is
exactly the text it claims to be.

Usage: validate_structure.py BINARY SOURCE_DIR
"""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema


def validator(path: Path):
    schema = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def check_offsets(name, doc):
    """Spans lie inside the text, and quoted fields appear in it."""
    text = doc["text"].encode("utf-8")
    problems = []
    for group in ("sections", "entries", "education", "projects"):
        for item in doc[group]:
            if not 0 <= item["start"] <= item["end"] <= len(text):
                problems.append(f"{name}: {group} span {item['start']}..{item['end']} outside the text")
    for entry in doc["entries"]:
        span = text[entry["start"]:entry["end"]].decode("utf-8")
        for key in ("role", "organisation", "location"):
            if key in entry and entry[key] not in span:
                problems.append(f"{name}: entry {key} {entry[key]!r} is not in its entry's text")
        for date in entry["dates"]:
            if date["text"] not in span:
                problems.append(f"{name}: date {date['text']!r} is not in its entry's text")
    for key, value in doc["contact"].items():
        if value not in doc["text"] and not (key == "email" and any(l["url"] == "mailto:" + value for l in doc["links"])):
            problems.append(f"{name}: contact {key} {value!r} is not in the text")
    return problems


def main() -> int:
    binary, source = sys.argv[1], Path(sys.argv[2])
    structure = validator(source / "docs" / "structure.schema.json")
    jsonresume = validator(source / "docs" / "jsonresume-v1.0.0.subset.schema.json")
    files = sorted(p for p in (source / "samples").iterdir() if p.is_file())
    files += [source / "tests" / "fixtures" / "docx" / n
              for n in ("word-resume.docx", "google-docs-resume.docx", "sidebar-resume.docx")]
    failures = 0
    for path in files:
        for fmt, schema in (("json", structure), ("jsonresume", jsonresume)):
            run = subprocess.run([binary, "extract", "--format", fmt, "--as-of", "2026-11-01", str(path)],
                                 capture_output=True, text=True, check=False)
            if run.returncode != 0:
                failures += 1
                print(f"{path.name}: extract --format {fmt} exited {run.returncode}: {run.stderr.strip()}")
                continue
            doc = json.loads(run.stdout)
            for error in sorted(schema.iter_errors(doc), key=lambda e: list(e.path)):
                failures += 1
                print(f"{path.name} ({fmt}): {'/'.join(map(str, error.path))}: {error.message[:300]}")
            if fmt == "json":
                for problem in check_offsets(path.name, doc):
                    failures += 1
                    print(problem)
    print(f"{len(files)} files checked in 2 formats, {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
