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
# ml: `./ml bench autoencoder -P workers=CORES` under OMP_NUM_THREADS=1 (one OpenMP thread per worker;
# a synthetic batch repeated, best of 3 passes of 200 steps).
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
  OMP_NUM_THREADS=1 ./ml bench autoencoder -P workers="$CORES" 2>/dev/null | grep '^JSON ' | tee -a "$OUT" >&2
done
"$PY" - "$OUT" "$CORES" <<'PYEOF'
import json, sys
rows = [json.loads(l[5:]) for l in open(sys.argv[1]) if l.startswith("JSON ")]
cores = sys.argv[2]
print("| round | impl | s per epoch (wall) | CPU-s per epoch | load |")
print("| --- | --- | --- | --- | --- |")
torch_rows = [r for r in rows if r.get("impl") == "torch"]
ml_rows = [r for r in rows if r.get("impl") == "ml"]
for i, (t, m) in enumerate(zip(torch_rows, ml_rows), 1):
    blas = "OpenBLAS" if any("openblas" in b for b in t["blas"]) else "BLAS: " + ",".join(t["blas"])
    print(f'| {i} | PyTorch {t["torch"]}, {t["threads"]} threads ({blas}) '
          f'| {t["best_seconds_per_epoch"]:.2f} | {t["cpu_seconds_per_epoch"]:.2f} | {t["loadavg_1min"]} |')
    print(f'| {i} | ml, {m["workers"]} worker(s) x 1 OpenMP thread | {m["seconds_per_epoch"]:.2f} | {m["cpu_seconds_per_epoch"]:.2f} '
          f'| {m["loadavg_1min"]} |')
    print(f'| {i} | ratio PyTorch / ml (> 1: ml faster) | {t["best_seconds_per_epoch"] / m["seconds_per_epoch"]:.2f} '
          f'| {t["cpu_seconds_per_epoch"] / m["cpu_seconds_per_epoch"]:.2f} | |')
PYEOF
