#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the build (or the tests) need, only those that are missing.
# Usage: scripts/setup_system.sh build|test
# Set ZHIFA_NO_APT=1 to skip (machines without apt: see README, "Without apt").
set -euo pipefail
profile=${1:-build}

# "check|package": a check is a command name, a path to a file that must exist, or lib:NAME (a shared library).
build_needs=(
  "fc-list|fontconfig"
  "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf|fonts-arphic-gbsn00lp"
  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc|fonts-noto-cjk"
  "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf|fonts-hanazono"
  "npm|npm"
  "lib:libpangoft2-1.0.so.0|libpangoft2-1.0-0"
  "lib:libharfbuzz-subset.so.0|libharfbuzz-subset0"
)
test_needs=(
  "chromium|chromium"
  "pdftotext|poppler-utils"
  "/usr/share/poppler/cMap/Adobe-GB1|poppler-data"
  "soffice|libreoffice-writer-nogui"
  "/usr/lib/libreoffice/program/scalc|libreoffice-calc-nogui"
  "/usr/lib/libreoffice/share/config/soffice.cfg/simpress/transitions.xml|libreoffice-impress-nogui"
)
needs=("${build_needs[@]}")
[ "$profile" = test ] && needs+=("${test_needs[@]}")

missing=()
for entry in "${needs[@]}"; do
  check=${entry%%|*}; pkg=${entry##*|}
  if [[ $check == /* ]]; then [ -e "$check" ] && continue
  elif [[ $check == lib:* ]]; then ldconfig -p 2>/dev/null | grep -q "${check#lib:}" && continue
  else command -v "$check" >/dev/null 2>&1 && continue; fi
  missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${ZHIFA_NO_APT:-}" = 1 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing system packages (${missing[*]}); ZHIFA_NO_APT=1 or no apt-get: install them yourself, see README" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
