#!/usr/bin/env bash
# PMD (the Apex security scan in scripts/check-apex.ts) runs on Java 11+. Debian's headless JRE is
# installed with apt-get when no `java` is on the PATH; idempotent and quiet otherwise.
set -euo pipefail

if command -v java >/dev/null 2>&1; then
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        echo "ensure-java: java is missing and installing it needs root (apt-get install openjdk-17-jre-headless)." >&2
        exit 1
    fi
fi

exec 9>/tmp/stageplay-ensure-java.lock
flock 9
command -v java >/dev/null 2>&1 && exit 0

log=$(mktemp)
if ! { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
       "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless; } >"$log" 2>&1; then
    echo "ensure-java: installing openjdk-17-jre-headless with apt-get failed:" >&2
    tail -n 30 "$log" >&2
    rm -f "$log"
    exit 1
fi
rm -f "$log"
command -v java >/dev/null 2>&1 || { echo "ensure-java: apt-get finished but java is still missing." >&2; exit 1; }
