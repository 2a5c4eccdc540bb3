#!/usr/bin/env bash
# The platform's command line: ./ml list | info | run NAME | bench NAME | report RUN_DIR
# Builds the shaded jar on first use (and again when sources changed), then runs it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/ml-experiments/target/ml-experiments-0.1.0-SNAPSHOT-all.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here" -path "$here/ml-*/src/main/*" -newer "$jar" -print -quit 2>/dev/null)" ] \
   || [ "$here/pom.xml" -nt "$jar" ]; then
  echo "ml: building $(basename "$jar") (first use or sources changed; takes a few minutes the first time) ..." >&2
  (cd "$here" && ./mvnw -B -q -DskipTests -Dinvoker.skip=true -pl ml-experiments -am package) >&2
fi
# One OpenMP thread per process measured fastest for these small graphs on 2 cores (docs/results.md);
# override by exporting OMP_NUM_THREADS.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec java ${ML_JAVA_OPTS:--Xmx8g} -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -jar "$jar" "$@"
