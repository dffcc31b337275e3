#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the JMH benchmarks of the hot loops (poplar-jmh): finds a JDK 21+, rebuilds the benchmarks jar
# when it is missing or older than the sources it measures, then runs it with the arguments given.
#   bench/jmh.sh                                  everything, with the defaults in the classes (a few minutes)
#   bench/jmh.sh LineReader -f 1 -wi 2 -i 3       a subset (regex on benchmark names), shorter settings
#   bench/jmh.sh --help                           this text; bench/jmh.sh -h lists JMH's own options
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ "${1:-}" = "--help" ]; then
  cat <<'USAGE'
usage: bench/jmh.sh [JMH arguments...]

Builds poplar-jmh/target/benchmarks.jar if it is missing or any src/main file or pom.xml of
poplar-protocol, poplar-server, poplar-jmh (or the root pom) is newer, then runs
  java -jar poplar-jmh/target/benchmarks.jar [JMH arguments...]
with the JDK 21+ that bin/java-env.sh finds (JAVA_HOME first).

Benchmarks (each class has @Fork(1), 3 x 1 s warmup, 5 x 1 s measurement):
  LineReaderBenchmark   command lines per second from a pipelined batch of 64 (readLine, readAndParse)
  EncodeBenchmark       MessageEncoder (CRLF + dot-stuffing) over 4 KB text, 64 KB base64, 64 KB dots
  WireSizeBenchmark     the RFC 1939 size computation (sizer, wireSize) over the same messages
  RetrBenchmark         RETR of a 1 MiB and a 16 MiB file: transferTo baseline, encodeLoop, session
Rows ending in ":mb" are MB/s (10^6 octets of stored message per second); the others are ops/s.

Examples:
  bench/jmh.sh                                   all of them (about 3 minutes on 2 cores)
  bench/jmh.sh Retr -p mib=16                    one class, one parameter value
  bench/jmh.sh -f 1 -wi 1 -i 2 -w 1s -r 1s       a quick pass over everything
  bench/jmh.sh Encode -prof gc                   with allocation figures
  bench/jmh.sh -l                                list the benchmarks;  -h  all JMH options
USAGE
  exit 0
fi

. "$root/bin/java-env.sh"

jar="$root/poplar-jmh/target/benchmarks.jar"
stale=""
if [ ! -f "$jar" ]; then
  stale=yes
else
  stale=$(find "$root/pom.xml" "$root/poplar-protocol" "$root/poplar-server" "$root/poplar-jmh" \
    -path '*/target' -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)
fi
if [ -n "$stale" ]; then
  log="$root/poplar-jmh/target/build.log"
  mkdir -p "$(dirname "$log")"
  echo "jmh: building the benchmarks (first run or sources changed; JDK $JAVA_HOME)..." >&2
  # Tests are not compiled: only the jar is wanted here (./check runs them).
  if ! (cd "$root" && ./mvnw -B -q -ntp -Dmaven.test.skip=true -pl poplar-jmh -am package) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "jmh: the build failed; the full log is $log" >&2
    exit 1
  fi
  touch "$jar"
fi
# JMH 1.37 uses sun.misc.Unsafe, which JDK 24+ warns about in every JVM; the forks inherit this option.
unsafe=""
if [ "$(poplar_java_major "$JAVA_HOME")" -ge 24 ]; then unsafe=--sun-misc-unsafe-memory-access=allow; fi
exec "$JAVA_HOME/bin/java" ${unsafe:+"$unsafe"} -jar "$jar" "$@"
