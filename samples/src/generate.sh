#!/usr/bin/env bash
# Regenerate every sample PDF in samples/ from its source in samples/src/.
#
#   samples/src/<name>.tex   -> samples/<name>.pdf   (pdflatex)
#   samples/src/<name>.html  -> samples/<name>.pdf   (headless Chromium)
#
# text-only-mle.txt and markdown-mle.md are hand-written sources themselves.
#
# Idempotent: builds happen in a temporary directory, the PDF is copied over
# only when the build and the checks pass, and dates are pinned
# (SOURCE_DATE_EPOCH) so that pdflatex output is byte-for-byte reproducible.
# Exits non-zero on the first failure.
#
# Missing tools are installed with apt-get (Debian 12). Set SKIP_CHROMIUM=1 to
# leave the browser-made PDF as it is when Chromium is not wanted.
#
# Usage: samples/src/generate.sh [name ...]     (default: every source)
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
here="$(dirname "$src")"   # samples/

export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1767225600}"   # 2026-01-01T00:00:00Z
export FORCE_SOURCE_DATE=1
export TZ=UTC
fixed_pdf_date="D:20260101000000"

log() { printf '[generate] %s\n' "$*" >&2; }
die() { printf '[generate] ERROR: %s\n' "$*" >&2; exit 1; }

apt_updated=0
apt_install() {
    # Wait for any other apt/dpkg run instead of racing it.
    [ "$(id -u)" = 0 ] || die "need root to apt-get install $*"
    if [ "$apt_updated" = 0 ]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq \
            || die "apt-get update failed"
        apt_updated=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq "$@" \
        || die "apt-get install $* failed"
}

need_latex() {
    local missing=()
    command -v pdflatex >/dev/null 2>&1 || missing+=(texlive-latex-recommended texlive-fonts-recommended)
    command -v kpsewhich >/dev/null 2>&1 && {
        kpsewhich lmodern.sty >/dev/null || missing+=(lmodern)
        kpsewhich paracol.sty >/dev/null || missing+=(texlive-latex-extra)
        kpsewhich titlesec.sty >/dev/null || missing+=(texlive-latex-extra)
        kpsewhich glyphtounicode.tex >/dev/null || missing+=(texlive-latex-recommended)
    }
    command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
    if [ "${#missing[@]}" -gt 0 ]; then
        # Always ask for the full set: cheap when present, and covers the
        # case where pdflatex itself was missing (kpsewhich checks skipped).
        apt_install texlive-latex-recommended texlive-fonts-recommended \
                    texlive-latex-extra lmodern poppler-utils
    fi
    command -v pdflatex >/dev/null 2>&1 || die "pdflatex still missing"
}

chromium_bin=""
need_chromium() {
    chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
    if [ -z "$chromium_bin" ]; then
        apt_install chromium fonts-dejavu-core
        chromium_bin="$(command -v chromium || true)"
    fi
    [ -n "$chromium_bin" ] || die "chromium not available"
    [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || apt_install fonts-dejavu-core
    command -v pdfinfo >/dev/null 2>&1 || apt_install poppler-utils
}

# check_pdf FILE MAXPAGES: valid PDF, page count, non-empty text layer.
check_pdf() {
    local f="$1" max="$2" pages chars
    pages="$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')"
    [ -n "$pages" ] || die "$f: pdfinfo cannot read it"
    [ "$pages" -ge 1 ] && [ "$pages" -le "$max" ] || die "$f: $pages pages (max $max)"
    chars="$(pdftotext -q "$f" - | tr -d '[:space:]' | wc -c)"
    [ "$chars" -ge 500 ] || die "$f: text layer too small ($chars chars)"
    log "ok  $(basename "$f"): $pages page(s), $chars non-space chars, $(stat -c %s "$f") bytes"
}

# Page limits: senior and PhD may use two pages, every other sample one.
max_pages() {
    case "$1" in
        senior-mle|phd-researcher) echo 2 ;;
        *) echo 1 ;;
    esac
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

build_tex() {
    local name="$1" dir="$tmp/$1"
    mkdir -p "$dir"
    cp "$src/$name.tex" "$dir/"
    if ! (cd "$dir" && pdflatex -interaction=nonstopmode -halt-on-error "$name.tex" >build.log 2>&1); then
        grep -A4 '^!' "$dir/$name.log" >&2 || tail -20 "$dir/build.log" >&2
        die "pdflatex failed for $name"
    fi
    check_pdf "$dir/$name.pdf" "$(max_pages "$name")"
    cp "$dir/$name.pdf" "$here/$name.pdf"
}

build_html() {
    local name="$1" dir="$tmp/$1"
    mkdir -p "$dir/profile"
    # Own profile dir, no network services, no header/footer (URL, date).
    timeout 180 "$chromium_bin" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --no-default-browser-check \
        --user-data-dir="$dir/profile" --no-pdf-header-footer \
        --print-to-pdf="$dir/$name.pdf" "file://$src/$name.html" \
        >"$dir/build.log" 2>&1 || { tail -20 "$dir/build.log" >&2; die "chromium failed for $name"; }
    [ -s "$dir/$name.pdf" ] || die "chromium wrote no PDF for $name"
    # Pin the creation/modification dates (same length, so offsets stay valid).
    python3 - "$dir/$name.pdf" "$fixed_pdf_date" <<'PY'
import re, sys
path, fixed = sys.argv[1], sys.argv[2].encode()
data = open(path, "rb").read()
data = re.sub(rb"(/(?:CreationDate|ModDate) \()D:\d{14}", lambda m: m.group(1) + fixed, data)
open(path, "wb").write(data)
PY
    check_pdf "$dir/$name.pdf" "$(max_pages "$name")"
    cp "$dir/$name.pdf" "$here/$name.pdf"
}

# Which sources to build.
names=()
if [ "$#" -gt 0 ]; then
    names=("$@")
else
    for f in "$src"/*.tex "$src"/*.html; do
        [ -e "$f" ] || continue
        b="$(basename "$f")"; names+=("${b%.*}")
    done
fi
[ "${#names[@]}" -gt 0 ] || die "no sources in $src"

need_tex=0; need_html=0
for n in "${names[@]}"; do
    if [ -f "$src/$n.tex" ]; then need_tex=1
    elif [ -f "$src/$n.html" ]; then need_html=1
    else die "no source for '$n' in $src"; fi
done
[ "$need_tex" = 1 ] && need_latex
if [ "$need_html" = 1 ] && [ "${SKIP_CHROMIUM:-0}" != 1 ]; then
    command -v python3 >/dev/null 2>&1 || apt_install python3
    need_chromium
fi

for n in "${names[@]}"; do
    if [ -f "$src/$n.tex" ]; then
        log "pdflatex  src/$n.tex -> $n.pdf"
        build_tex "$n"
    elif [ "${SKIP_CHROMIUM:-0}" = 1 ]; then
        log "skip      src/$n.html (SKIP_CHROMIUM=1)"
    else
        log "chromium  src/$n.html -> $n.pdf"
        build_html "$n"
    fi
done

# The hand-written text samples must stay valid UTF-8.
for t in "$here/text-only-mle.txt" "$here/markdown-mle.md"; do
    [ -f "$t" ] || die "missing $t"
    iconv -f UTF-8 -t UTF-8 "$t" >/dev/null || die "$t is not valid UTF-8"
done
log "done"
