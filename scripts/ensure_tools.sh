#!/usr/bin/env bash
# System tools the project needs, installed from Debian's packages and npm when missing:
#   always:       gettext (msgfmt compiles the translation catalogues)
#   --for-tests:  Debian's Chromium and a CJK font (browser tests; Playwright's own browser
#                 download cannot reach the network here), Java and the Nu Html Checker (npm).
#   --for-bench:  wrk, the HTTP load generator `make bench` measures throughput with.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v msgfmt >/dev/null || missing+=(gettext)
if [ "${1:-}" = "--for-tests" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(npm)
fi
if [ "${1:-}" = "--for-bench" ]; then
  command -v wrk >/dev/null || missing+=(wrk)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--for-tests" ] && [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
