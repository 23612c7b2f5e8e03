#!/usr/bin/env bash
# Usage: ensure-debian-package.sh <command> <package>
# Installs Debian <package> with apt-get when <command> (a name on the PATH or an absolute path) is
# missing. Idempotent and quiet; root, or passwordless sudo on a CI runner, never a password prompt.
# Two callers at once (e.g. a test and a benchmark) must not run apt-get together, hence the lock.
set -euo pipefail

command_name=${1:?usage: ensure-debian-package.sh <command> <package>}
package=${2:?usage: ensure-debian-package.sh <command> <package>}
me="ensure $package"

present() { command -v "$command_name" >/dev/null 2>&1; }

present && exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        echo "$me: $command_name is missing and installing it needs root (apt-get install $package)." >&2
        exit 1
    fi
fi

exec 9>"/tmp/stageplay-ensure-$package.lock"
flock 9
present && exit 0

log=$(mktemp)
if ! { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
       "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"; } >"$log" 2>&1; then
    echo "$me: installing $package with apt-get failed:" >&2
    tail -n 30 "$log" >&2
    rm -f "$log"
    exit 1
fi
rm -f "$log"

present || { echo "$me: apt-get finished but $command_name is still missing." >&2; exit 1; }
