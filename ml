#!/usr/bin/env bash
# The platform's command line: ./ml list | info | run NAME | bench NAME | report RUN_DIR | sweep NAME
# Builds the shaded jar on first use (and again when sources changed), then runs it. 'ml sweep' runs the optional
# Spark module's jar instead (ml-spark: the experiments + the sweep engine) with Spark's jars beside it, built the same
# way on its first use, so users who never sweep never build or load Spark.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "${1:-}" = "sweep" ]; then
  module=ml-spark
  jar="$here/ml-spark/target/ml-spark-0.1.0-SNAPSHOT-all.jar"
  stale_sources=("$here"/ml-*/src/main)
else
  module=ml-experiments
  jar="$here/ml-experiments/target/ml-experiments-0.1.0-SNAPSHOT-all.jar"
  stale_sources=()
  for d in "$here"/ml-*/src/main; do
    [ "$d" = "$here/ml-spark/src/main" ] || stale_sources+=("$d")
  done
fi
if [ ! -f "$jar" ] || [ -n "$(find "${stale_sources[@]}" -newer "$jar" -print -quit 2>/dev/null)" ] \
   || [ "$here/pom.xml" -nt "$jar" ] || [ "$here/$module/pom.xml" -nt "$jar" ]; then
  echo "ml: building $(basename "$jar") (first use or sources changed; takes a few minutes the first time) ..." >&2
  (cd "$here" && ./mvnw -B -q -DskipTests -Dinvoker.skip=true -pl "$module" -am package) >&2
fi
# One OpenMP thread per process: with the experiments' 2 data-parallel workers both cores are used, and
# unlike 2 OpenMP threads it does not collapse when another process takes a core (docs/results.md,
# "LeNet speed"). On an idle machine OMP_NUM_THREADS=2 with -P workers=1 is faster; export it to override.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# libnd4j sizes its own thread pool (element-wise ops, reductions, AdaDelta's update) once, at start-up, from
# SD_MAX_THREADS or else OMP_NUM_THREADS, and one op uses OMP_NUM_THREADS of them. Give the pool every core, so
# that an experiment that asks for more threads per op (convolution, autoencoder: -P threads) gets them for
# these ops as well as for oneDNN's; the others keep one (NativeThreads, docs/results.md "Convolution").
export SD_MAX_THREADS="${SD_MAX_THREADS:-$(nproc 2>/dev/null || echo 1)}"
# glibc hands every block over 32 MB straight back to the kernel when it is freed (mmap/munmap), so a
# large temporary that a native op allocates on every step (conv2d_bp's im2col columns: 42 MB for the
# convolution experiment's conv2) is page-faulted and zeroed again on every step; conv2d_bp then took
# 18-54 ms instead of a steady 16-18 ms, and `ml bench convolution` trained 20-34% faster with these two
# settings (docs/results.md, "Convolution"). They keep freed memory in the process for reuse. Set either
# variable yourself to override; library users set them in their own launcher.
export MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
# Run from a snapshot of the jar: a later rebuild rewrites the jar in place, which would break a run
# that is still loading classes from it. Snapshots no running process holds are removed.
snap_dir="$here/$module/target/ml-run"
snap="$snap_dir/$module-all-$(stat -c %Y "$jar").jar"
if [ ! -f "$snap" ]; then
  mkdir -p "$snap_dir"
  for old in "$snap_dir"/*.jar; do
    [ -e "$old" ] || continue
    if command -v fuser >/dev/null 2>&1; then
      fuser -s "$old" 2>/dev/null || rm -f "$old"
    elif [ -n "$(find "$old" -mmin +1440 2>/dev/null)" ]; then
      rm -f "$old"
    fi
  done
  cp "$jar" "$snap.tmp.$$" && mv -f "$snap.tmp.$$" "$snap"
fi
if [ "$module" = ml-spark ]; then
  # Spark 3.5 on Java 17 needs these (the list of Spark's own launcher, org.apache.spark.launcher.JavaModuleOptions;
  # SparkFlagsTest keeps it equal). Executors on a cluster get them from Spark itself.
  spark_java_options=(-XX:+IgnoreUnrecognizedVMOptions
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
    --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
    --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)
  # the application jar first (its logback.xml), then Spark's run time as ml-spark's build resolved it, less the Logback
  # that target/spark keeps for Spark's own JVMs (the application jar has it: one SLF4J binding)
  cp="$snap"
  for j in "$here"/ml-spark/target/spark/jars/*.jar; do
    case "$(basename "$j")" in logback-*) ;; *) cp="$cp:$j" ;; esac
  done
  exec java ${ML_JAVA_OPTS:--Xmx8g} "${spark_java_options[@]}" -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 \
    -cp "$cp" io.github.mlplatform.spark.SweepMain "$@"
fi
exec java ${ML_JAVA_OPTS:--Xmx8g} -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -jar "$snap" "$@"
