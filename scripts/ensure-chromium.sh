#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests, the preview screenshots
# and the render benchmark. Playwright's own browser download is not used: only the Debian and npm
# registries are reachable.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-package.sh" /usr/bin/chromium chromium
