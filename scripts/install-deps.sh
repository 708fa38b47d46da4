#!/usr/bin/env bash
# Installs the Debian 12 packages needed to build and test Resume Analyzer.
# Does nothing when they are all present; needs root (or sudo) otherwise.
set -euo pipefail

packages=(
  cmake g++ ninja-build pkg-config
  libpoppler-glib-dev libpoppler-private-dev
  libre2-dev libicu-dev libboost-program-options-dev
  nlohmann-json3-dev libtomlplusplus-dev libexpected-dev libsqlite3-dev
  libzip-dev libxml2-dev libgit2-dev
  catch2 python3 python3-jsonschema
  parallel  # tests/cluster_parallel.py runs the GNU parallel recipe
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
