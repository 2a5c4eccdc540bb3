#!/usr/bin/env bash
# The autoencoder's training speed, PyTorch 1.13 beside `ml bench autoencoder`, alternating in one session,
# printed as one Markdown table (seconds per MNIST epoch of 60,000 images, batch 64, Adam).
#
#   bench/reference/compare-autoencoder.sh [rounds] [cores]      (default 2 rounds, 2 cores)
#
# PyTorch: bench/reference/autoencoder_torch.py --epochs 2 --threads CORES --no-knn (real MNIST from
# ML_DATA_DIR; its best epoch). Debian's python3-torch multiplies through the system libblas.so.3; when
# that is the reference BLAS (package libblas3), set OPENBLAS_DIR to the directory of an OpenBLAS
# libblas.so.3 (e.g. one unpacked with `apt-get download libopenblas0-pthread; dpkg -x ...`), or the
# comparison is against a BLAS several times slower (see topology_torch.py's docstring).
# ml: `./ml bench autoencoder -P workers=1 -P threads=CORES` (its default: one worker whose native ops run on
# CORES OpenMP threads; a synthetic batch repeated, best of 3 passes of 200 steps).
# The machine is shared: wall-clock seconds depend on what else runs, so CPU seconds of each process are
# printed too and the 1-minute load average is recorded with every row. Run it under
# `flock /tmp/ml-heavy.lock` when others share the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}
CORES=${2:-2}
PY=/usr/bin/python3
OUT=$(mktemp /tmp/compare-autoencoder.XXXXXX)
trap 'rm -f "$OUT"' EXIT
export ML_DATA_DIR=${ML_DATA_DIR:-/usr/share/datasets}
for r in $(seq "$ROUNDS"); do
  echo "round $r, load before PyTorch: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  LD_LIBRARY_PATH=${OPENBLAS_DIR:-${LD_LIBRARY_PATH:-}} "$PY" bench/reference/autoencoder_torch.py --epochs 2 \
      --threads "$CORES" --no-knn | grep '^JSON ' | tee -a "$OUT" >&2
  echo "round $r, load before ml bench: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  OMP_NUM_THREADS=1 ./ml bench autoencoder -P workers=1 -P threads="$CORES" 2>/dev/null | grep '^JSON ' | tee -a "$OUT" >&2
done
"$PY" bench/reference/speed_table.py "$OUT"
