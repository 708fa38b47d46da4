#!/usr/bin/env bash
# Runs `resume-analyzer scan` as a streaming mapper (Hadoop Streaming,
# Spark's RDD.pipe, or anything that feeds paths on stdin): reads one path per
# line on stdin, writes one JSON line per file on stdout (docs/cluster.md).
#
#   - A line "OFFSET<TAB>PATH" (what Hadoop's NLineInputFormat hands a
#     streaming mapper) is read as PATH; blank lines are skipped.
#   - With RA_HDFS=1 every path is an HDFS path (/data/x.pdf or
#     hdfs://namenode:8020/data/x.pdf): the files are first copied to a local
#     temporary folder with `hdfs dfs -get` (one call per HDFS folder), scanned
#     there, and the paths in the output are rewritten back to the HDFS paths.
#   - Exit status 1 from scan means "some files failed"; those files are in the
#     output as error results, so the mapper exits 0 and the engine does not
#     retry the task. Any other failure (bad options, unreadable data, a
#     crash) keeps its status and fails the task.
#
# Environment: RESUME_ANALYZER (default: resume-analyzer on PATH, else
# ./resume-analyzer beside the task), RA_HDFS, RA_SCAN_OPTIONS (extra scan
# options, e.g. "--jobs 2 --as-of 2026-06-01"), TMPDIR.
set -uo pipefail

binary="${RESUME_ANALYZER:-}"
if [ -z "$binary" ]; then
  if command -v resume-analyzer >/dev/null; then binary=resume-analyzer; else binary=./resume-analyzer; fi
fi
read -r -a extra <<< "${RA_SCAN_OPTIONS:-}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Paths, one per line, without a streaming key and without blank lines.
sed -E 's/^[0-9]+\t//' | grep -v '^[[:space:]]*$' > "$work/paths" || true

if [ "${RA_HDFS:-0}" != 1 ]; then
  "$binary" scan --files-from "$work/paths" -q "${extra[@]}"
  status=$?
  [ "$status" -eq 1 ] && exit 0
  exit "$status"
fi

# HDFS: copy each file to $work/local/<path without scheme and authority>,
# grouping the copies by folder so one JVM start fetches a whole folder's share.
local_root="$work/local"
declare -A by_folder=()
: > "$work/local-paths"
while IFS= read -r path; do
  if [[ "$path" =~ ^hdfs://[^/]*(/.*)$ ]]; then relative="${BASH_REMATCH[1]}"; else relative="$path"; fi
  local_path="$local_root$relative"
  printf '%s\n' "$local_path" >> "$work/local-paths"
  folder="$(dirname "$local_path")"
  by_folder["$folder"]+="$path"$'\n'
done < "$work/paths"
for folder in "${!by_folder[@]}"; do
  mkdir -p "$folder"
  mapfile -t sources < <(printf '%s' "${by_folder[$folder]}")
  # A file that cannot be fetched is reported by scan as file-not-found.
  hdfs dfs -get -f "${sources[@]}" "$folder/" || echo "scan-mapper: hdfs dfs -get into $folder failed" >&2
done

"$binary" scan --files-from "$work/local-paths" -q "${extra[@]}" > "$work/out.jsonl"
status=$?
# Local copies back to the paths as given. Name the files one way per job:
# all absolute paths, or all hdfs:// URIs of one namenode.
prefix="$(head -n1 "$work/paths" | grep -oE '^hdfs://[^/]*' || true)"
sed "s#\"$local_root/#\"$prefix/#g" "$work/out.jsonl"
[ "$status" -eq 1 ] && exit 0
exit "$status"
