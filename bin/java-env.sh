# SPDX-License-Identifier: Apache-2.0
# Sourced by ./poplar and ./check: sets JAVA_HOME to a JDK 21 or newer, or exits with a clear message.
# Order: JAVA_HOME if new enough, then `java` on the PATH, then the usual install places (newest first).

poplar_java_major() { # $1 = a JDK home; prints its major version, or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}            # 1.8.0 -> 8.0
  echo "${v%%[.+-]*}"
}

poplar_find_java() {
  local candidate major best="" best_major=0 seen=""
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(poplar_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then return 0; fi
    seen="JAVA_HOME=$JAVA_HOME (${major:-not a JDK})"
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(poplar_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then JAVA_HOME=$candidate; export JAVA_HOME; return 0; fi
    seen="$seen${seen:+, }java on PATH: $candidate (${major:-not a JDK})"
  fi
  for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    major=$(poplar_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate; best_major=$major
    fi
  done
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  {
    echo "poplar: no JDK 21 or newer found (Poplar uses virtual threads)."
    [ -n "$seen" ] && echo "  looked at: $seen"
    echo "  searched: /usr/lib/jvm, /usr/local/lib/jvm, /opt/java, /opt/jdk*, /usr/java, ~/.sdkman, ~/.jdks"
    echo "  install a JDK 21+ (e.g. Temurin 21 or 25, or 'apt-get install openjdk-21-jdk' where available)"
    echo "  and run again, or point JAVA_HOME at it."
  } >&2
  exit 1
}

poplar_find_java
