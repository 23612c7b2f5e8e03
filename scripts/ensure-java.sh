#!/usr/bin/env bash
# PMD (the Apex security scan in scripts/check-apex.ts) runs on Java 11+: Debian's headless JRE when
# no `java` is on the PATH.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-package.sh" java openjdk-17-jre-headless
