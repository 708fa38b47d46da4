#!/usr/bin/env python3
"""Runs the GNU parallel recipe of docs/cluster.md on this machine and checks
that the sharded scan equals a single-process scan of the same files.

Inputs: the bundled samples plus tests/fixtures/bad, so failed files (error
results) travel through the shards too. Checks, with nothing ignored:
  - shards are disjoint and together cover the input list;
  - the merged output of `parallel ... --shard {}/N` holds every file exactly
    once, with JSON identical to the single-process scan's (sorted by file).

Usage: cluster_parallel.py BINARY SOURCE_DIR
Exits 77 (CTest SKIP_RETURN_CODE) when GNU parallel is not installed.
"""
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
SHARDS = 3
AS_OF = "2026-06-01"  # every process must read "Present" the same way


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def read_results(path):
    """The JSON Lines of a scan output, as (file, object) pairs."""
    results = []
    for number, line in enumerate(pathlib.Path(path).read_text(encoding="utf-8").splitlines(), 1):
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            fail(f"{path}:{number}: not a JSON line ({error})")
        results.append((value["file"], value))
    return results


def by_file(results, what):
    files = [name for name, _ in results]
    repeated = sorted({name for name in files if files.count(name) > 1})
    if repeated:
        fail(f"{what} holds these files more than once: {repeated}")
    return dict(results)


def run(command, **kwargs):
    # scan exits 1 when some file failed (the bad fixtures do), 2 on misuse.
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode not in (0, 1):
        fail(f"{command!r} exited {done.returncode}: {done.stderr}")
    return done


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
    if shutil.which("parallel") is None:
        print("SKIP: GNU parallel is not installed (apt-get install parallel); the sharded-scan recipe was not run")
        return SKIP

    inputs = sorted(str(p) for p in (source / "samples").iterdir() if p.is_file())
    inputs += sorted(str(p) for p in (source / "tests" / "fixtures" / "bad").iterdir() if p.is_file())
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        listing = work / "list.txt"
        listing.write_text("".join(path + "\n" for path in inputs), encoding="utf-8")
        scan = [binary, "scan", "--files-from", str(listing), "-q", "--as-of", AS_OF]

        run(scan + ["--jobs", "2", "-o", str(work / "single.jsonl")])
        single = by_file(read_results(work / "single.jsonl"), "the single-process scan")
        if sorted(single) != sorted(inputs):
            fail(f"the single-process scan did not cover the list: {sorted(set(inputs) ^ set(single))}")
        errors = [name for name, value in single.items() if value["status"] != "ok"]
        if not errors:
            fail("no error results: the bad fixtures should fail")

        # Each shard on its own: disjoint, and together the whole list.
        shard_files = []
        for index in range(SHARDS):
            output = work / f"shard-{index}.jsonl"
            run(scan + ["--jobs", "1", "--shard", f"{index}/{SHARDS}", "-o", str(output)])
            shard_files.append({name for name, _ in read_results(output)})
        for a in range(SHARDS):
            for b in range(a + 1, SHARDS):
                if shard_files[a] & shard_files[b]:
                    fail(f"shards {a} and {b} share {sorted(shard_files[a] & shard_files[b])}")
        covered = set().union(*shard_files)
        if covered != set(inputs):
            fail(f"the shards do not cover the list: {sorted(covered ^ set(inputs))}")
        if sum(1 for files in shard_files if files) < 2:
            fail(f"all {len(inputs)} files fell into one shard: the split does not spread work")

        # The documented recipe: local workers, one shard each, outputs concatenated.
        recipe = (f"parallel -j{SHARDS} {binary!s} scan --files-from {listing} --shard {{}}/{SHARDS} -q "
                  f"--as-of {AS_OF} ::: $(seq 0 {SHARDS - 1}) > {work / 'merged.jsonl'}")
        done = subprocess.run(["bash", "-c", recipe], capture_output=True, text=True)
        # parallel exits with the number of failed jobs; every shard holding a
        # bad fixture exits 1, more than SHARDS means parallel itself failed.
        if done.returncode > SHARDS:
            fail(f"parallel exited {done.returncode}: {done.stderr}")
        merged = by_file(read_results(work / "merged.jsonl"), "the merged parallel output")
        if sorted(merged) != sorted(single):
            fail(f"merged files differ from the single scan: {sorted(set(merged) ^ set(single))}")
        for name in sorted(single):
            if merged[name] != single[name]:
                fail(f"{name}: sharded result differs from the single-process result\n"
                     f"  single: {json.dumps(single[name], sort_keys=True)[:400]}\n"
                     f"  merged: {json.dumps(merged[name], sort_keys=True)[:400]}")
        print(f"ok: {len(inputs)} files ({len(errors)} errors) in {SHARDS} shards of sizes "
              f"{[len(files) for files in shard_files]}; merged parallel output equals the single scan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
