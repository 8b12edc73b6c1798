#!/usr/bin/env bash
# Runs tests/browser/test_landscape.py: the landscape page of the demo data in headless
# Chromium. Usage: run_landscape_test.sh SCOUTMATCH_CLI [SCREENSHOT.png]
# Installs Chromium, chromedriver and selenium when missing and possible (apt as root, pip);
# exits 77 (CTest: skipped) with a message only when Chromium cannot be installed.
set -uo pipefail
cli="$1"; shot="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"

have_browser() {
  { command -v chromium || command -v chromium-browser || command -v google-chrome; } >/dev/null 2>&1 &&
    { [ -x /usr/bin/chromedriver ] || command -v chromedriver >/dev/null 2>&1; }
}
if ! have_browser && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium, chromium-driver and python3-selenium (apt)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends chromium chromium-driver python3-selenium; } >/dev/null 2>&1
fi
if ! have_browser; then
  echo "SKIP: Chromium and chromedriver are not installed and could not be installed" \
       "(Debian: apt-get install chromium chromium-driver python3-selenium)"
  exit 77
fi

# A Python with selenium: Debian's (python3-selenium) or the first python3 on PATH, which
# gets selenium from pip when it lacks it.
py=""
for p in /usr/bin/python3 python3; do
  if "$p" -c "import selenium" >/dev/null 2>&1; then py="$p"; break; fi
done
if [ -z "$py" ]; then
  python3 -m pip install --quiet selenium >/dev/null 2>&1 && py=python3
fi
if [ -z "$py" ] || ! "$py" -c "import selenium" >/dev/null 2>&1; then
  echo "FAIL: Chromium is installed but selenium is not and cannot be (apt-get install python3-selenium)"
  exit 1
fi

args=(--cli "$cli")
[ -n "$shot" ] && args+=(--screenshot "$shot")
exec "$py" "$here/test_landscape.py" "${args[@]}"
