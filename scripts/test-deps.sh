#!/usr/bin/env bash
# The Debian packages the test suite drives, installed when missing, so `npm test` on a fresh machine
# needs no step the README does not name:
#   chromium  the HTML report is checked in a real browser (test/browser, through playwright-core);
#             a registry package that ships its own Chromium (@sparticuz/chromium) hung taking a
#             screenshot here, so Debian's build is the one used. CHROMIUM_PATH names another browser.
#   faketime  `npm run test:clock` runs the whole suite with the process clock a year ahead and back.
# Usage: scripts/test-deps.sh chromium [faketime]
set -euo pipefail
missing=()
for pkg in "$@"; do
  case "$pkg" in
    chromium) [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium) ;;
    faketime) command -v faketime >/dev/null 2>&1 || missing+=(faketime) ;;
    *) echo "test-deps: unknown package $pkg" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo)
else
  echo "The tests need Debian's ${missing[*]}: run  sudo apt-get install -y ${missing[*]}  (or set CHROMIUM_PATH to a Chromium), then npm test again." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need ${missing[*]} and this machine has no apt-get: install them, or set CHROMIUM_PATH to a Chromium." >&2
  exit 1
fi
echo "Installing Debian's ${missing[*]} for the tests (once)..." >&2
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
