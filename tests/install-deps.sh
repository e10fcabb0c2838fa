#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages: Debian packages (a headless
# Chromium for the browser tests, GDAL's ogrinfo for KML, xmllint) and the npm readers
# (Mozilla's ical.js, Knight Lab's TimelineJS). Safe to run again: it skips what is there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "tests/install-deps.sh: installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -d "$here/js/node_modules/ical.js" ] || [ ! -d "$here/js/node_modules/@knight-lab/timelinejs" ]; then
  echo "tests/install-deps.sh: installing npm readers into tests/js"
  (cd "$here/js" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
echo "tests/install-deps.sh: ready"
