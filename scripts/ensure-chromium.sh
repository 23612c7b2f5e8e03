#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests, the preview
# screenshots and the render benchmark. Idempotent and quiet: does nothing when it is already there.
# Playwright's own browser download is not used because only the Debian and npm registries are reachable.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

# Root here; elsewhere (a CI runner) passwordless sudo, never a password prompt.
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        echo "ensure-chromium: $CHROMIUM is missing and installing it needs root (apt-get install chromium)." >&2
        exit 1
    fi
fi

# Two parallel callers (e.g. a test and the report script) must not run apt-get at the same time.
exec 9>/tmp/stageplay-ensure-chromium.lock
flock 9
if [ -x "$CHROMIUM" ]; then
    exit 0
fi

log=$(mktemp)
if ! { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
       "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
    echo "ensure-chromium: installing chromium with apt-get failed:" >&2
    tail -n 30 "$log" >&2
    rm -f "$log"
    exit 1
fi
rm -f "$log"

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing." >&2
    exit 1
fi
