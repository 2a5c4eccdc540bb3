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
# One OpenMP thread per process: with the experiments' 2 data-parallel workers both cores are used, and
# unlike 2 OpenMP threads it does not collapse when another process takes a core (docs/results.md,
# "LeNet speed"). On an idle machine OMP_NUM_THREADS=2 with -P workers=1 is faster; export it to override.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
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
snap_dir="$here/ml-experiments/target/ml-run"
snap="$snap_dir/ml-experiments-all-$(stat -c %Y "$jar").jar"
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
exec java ${ML_JAVA_OPTS:--Xmx8g} -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -jar "$snap" "$@"
