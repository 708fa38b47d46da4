#!/usr/bin/env python3
"""Runs the built analyzer on every sample and bad fixture and validates each
JSON result against docs/result.schema.json; also checks that every quote is
exactly the `extract` output between its offsets.

Usage: validate_schema.py BINARY SOURCE_DIR
"""
import json
import subprocess
import sys
import tempfile
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
                    if quote.get("source") == "portfolio":
                        continue
                    if text[quote["start"]:quote["end"]].decode("utf-8") != quote["text"]:
                        failures += 1
                        print(f"{result['file']}: {match['id']}: quote {quote} does not match extract output")
    failures += check_portfolio(binary, source, schema, validator)
    print(f"{len(results)} results checked, {failures} failed, 0 skipped")
    return 1 if failures else 0


def make_project(root: Path) -> None:
    """A small fictional project with tests, CI and a notebook."""
    files = {
        "src/demo/model.py": "import torch\n\ndef fit(x: int) -> int:\n    return x\n",
        "tests/test_model.py": "from unittest import mock\nfrom demo.model import fit\n\ndef test_fit():\n    assert fit(1) == 1\n",
        "requirements.txt": "torch==2.3.0\npytest==8.1.0\n",
        ".github/workflows/ci.yml": "on: [push]\n",
        "README.md": "# Demo\n\nA demo project that fits a tiny model to show the schema of portfolio results.\n",
        "explore.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": ["import pandas as pd\n"]}]}),
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def check_portfolio(binary: str, source: Path, schema: dict, validator) -> int:
    """check --portfolio and portfolio --format json validate too."""
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo"
        make_project(project)
        page = Path(tmp) / "page.html"
        page.write_text('<html><body><p>Models in <b>PyTorch</b>.</p>'
                        '<a href="https://github.com/janedoe/demo">demo</a></body></html>')
        resume = source / "samples" / "text-only-mle.txt"
        outputs = []
        for args, schema_ref in (
                (["check", "--format", "json", str(resume), "--portfolio", str(project), str(page),
                  str(Path(tmp) / "missing")], None),
                (["portfolio", "--format", "json", str(project), str(page)], "#/$defs/portfolio_result")):
            run = subprocess.run([binary, *args, "--as-of", "2026-11-01"], capture_output=True, text=True, check=False)
            if run.returncode != 0:
                print(f"{args[0]} exited {run.returncode}: {run.stderr}")
                failures += 1
                continue
            outputs.append((args[0], json.loads(run.stdout), schema_ref))
        for name, result, schema_ref in outputs:
            check = validator if schema_ref is None else jsonschema.Draft202012Validator(
                {"$ref": schema_ref, "$defs": schema["$defs"]})
            for error in sorted(check.iter_errors(result), key=lambda e: list(e.path)):
                failures += 1
                print(f"{name} --portfolio: {'/'.join(map(str, error.path))}: {error.message[:300]}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
