#!/usr/bin/env python3
"""`scan --timings` prints one summary line on stderr naming all five stages
(extract, normalise, match, score, write) with seconds, counts the analysed
files, and leaves the results untouched; without the option it prints none.

Usage: scan_timings.py BINARY SOURCE_DIR
"""
import re
import subprocess
import sys

STAGES = ("extract", "normalise", "match", "score", "write")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def scan(binary, files, *extra):
    done = subprocess.run([binary, "scan", *files, "--as-of", "2026-06-01", "--jobs", "2", *extra],
                          capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"scan exited {done.returncode}: {done.stderr}")
    return done


def main():
    binary, source = sys.argv[1], sys.argv[2]
    files = [f"{source}/samples/senior-mle.pdf", f"{source}/samples/markdown-mle.md",
             f"{source}/samples/two-column-mle.pdf"]
    timed = scan(binary, files, "--timings")
    lines = [line for line in timed.stderr.splitlines() if "timings:" in line]
    if len(lines) != 1:
        fail(f"expected one timings line on stderr, got {len(lines)}: {timed.stderr!r}")
    line = lines[0]
    if not line.startswith("resume-analyzer: timings: 3 files;"):
        fail(f"the summary does not count the 3 analysed files: {line!r}")
    seconds = {}
    for stage in STAGES:
        match = re.search(rf"\b{stage} (\d+\.\d{{3}}) s\b", line)
        if match is None:
            fail(f"stage {stage!r} missing from {line!r}")
        seconds[stage] = float(match.group(1))
    # Extracting two PDFs takes measurable time; the total cannot be zero.
    if sum(seconds.values()) <= 0:
        fail(f"all stages read zero: {line!r}")

    plain = scan(binary, files)
    if "timings:" in plain.stderr:
        fail(f"timings printed without --timings: {plain.stderr!r}")
    if plain.stdout != timed.stdout:
        fail("--timings changed the results on stdout")
    print("ok: " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
