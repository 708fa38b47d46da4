#!/usr/bin/env python3
"""Golden-file test: `check --format json` on each sample must equal
tests/golden/<sample>.json (with the as-of date fixed).

Usage: golden.py BINARY SOURCE_DIR [--update]
Regenerate after an intended change with: tests/golden.py build/resume-analyzer . --update
and review the diff before committing.
"""
import json
import subprocess
import sys
from pathlib import Path

AS_OF = "2026-11-01"


def render(binary: str, sample: Path, source: Path) -> dict:
    run = subprocess.run([binary, "check", "--format", "json", "--as-of", AS_OF, str(sample)],
                         capture_output=True, text=True, check=False)
    result = json.loads(run.stdout)
    result["file"] = str(sample.relative_to(source))  # independent of the checkout path
    return result


def main() -> int:
    binary, source = sys.argv[1], Path(sys.argv[2]).resolve()
    update = "--update" in sys.argv[3:]
    golden_dir = source / "tests" / "golden"
    golden_dir.mkdir(exist_ok=True)
    samples = sorted(p for p in (source / "samples").iterdir() if p.suffix in (".pdf", ".txt", ".md"))
    failures = 0
    for sample in samples:
        actual = render(binary, sample, source)
        golden = golden_dir / (sample.name + ".json")
        text = json.dumps(actual, indent=2, ensure_ascii=False) + "\n"
        if update:
            golden.write_text(text)
            continue
        if not golden.exists():
            print(f"{golden}: missing; run with --update")
            failures += 1
        elif golden.read_text() != text:
            expected = json.loads(golden.read_text())
            changed = [k for k in actual if actual.get(k) != expected.get(k)]
            print(f"{sample.name}: output differs from {golden.name} in {changed}")
            failures += 1
    if not update:
        print(f"{len(samples) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
