#!/usr/bin/env bash
# The topology experiment's training step, PyTorch 1.13 beside `ml bench topology`, alternating in one session,
# one core each, printed as one Markdown table (seconds per MNIST epoch: 29 Adam steps of 2048 images).
#
#   bench/reference/compare-topology.sh [rounds] [objective]      (default 2, masked)
#
# PyTorch: bench/reference/topology_torch.py --epochs 3 --threads 1 (real MNIST from ML_DATA_DIR, best epoch).
# Debian's python3-torch multiplies through the system libblas.so.3; when that is the reference BLAS
# (package libblas3) and libopenblas0-pthread is not installed, set OPENBLAS_DIR to the directory of an
# OpenBLAS libblas.so.3 (e.g. one unpacked with `apt-get download libopenblas0-pthread; dpkg -x ...`), or
# the comparison is against a reference BLAS 12x slower than OpenBLAS (see the script's docstring).
# ml: `./ml bench topology -P workers=1` under OMP_NUM_THREADS=1 (synthetic batch, best of 3 passes).
# The machine is shared: wall-clock seconds depend on what else runs, so CPU seconds of each process are
# printed too and the 1-minute load average is recorded with every row.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}
OBJECTIVE=${2:-masked}
PY=/usr/bin/python3
OUT=$(mktemp /tmp/compare-topology.XXXXXX)
trap 'rm -f "$OUT"' EXIT
export ML_DATA_DIR=${ML_DATA_DIR:-/usr/share/datasets}
export OMP_NUM_THREADS=1
for r in $(seq "$ROUNDS"); do
  echo "round $r, load before PyTorch: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  LD_LIBRARY_PATH=${OPENBLAS_DIR:-${LD_LIBRARY_PATH:-}} "$PY" bench/reference/topology_torch.py --epochs 3 --threads 1 \
      --objective "$OBJECTIVE" | grep '^JSON ' | tee -a "$OUT" >&2
  echo "round $r, load before ml bench: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  ./ml bench topology -P workers=1 -P objective="$OBJECTIVE" 2>/dev/null | grep '^JSON ' | tee -a "$OUT" >&2
done
"$PY" - "$OUT" <<'PYEOF'
import json, sys
rows = [json.loads(l[5:]) for l in open(sys.argv[1]) if l.startswith("JSON ")]
print("| round | impl | s per epoch (wall) | CPU-s per epoch | load |")
print("| --- | --- | --- | --- | --- |")
torch_rows = [r for r in rows if "torch" in r]
ml_rows = [r for r in rows if r.get("impl") == "ml"]
for i, (t, m) in enumerate(zip(torch_rows, ml_rows), 1):
    print(f'| {i} | PyTorch {t["torch"]} ({"OpenBLAS" if any("openblas" in b for b in t["blas"]) else "BLAS: " + ",".join(t["blas"])}) '
          f'| {t["best_seconds_per_epoch"]:.2f} | {t["cpu_seconds_per_epoch"]:.2f} | {t["loadavg_1min"]} |')
    print(f'| {i} | ml, 1 worker x 1 OpenMP thread | {m["seconds_per_epoch"]:.2f} | {m["cpu_seconds_per_epoch"]:.2f} | {m["loadavg_1min"]} |')
    print(f'| {i} | ratio PyTorch / ml (> 1: ml faster) | {t["best_seconds_per_epoch"] / m["seconds_per_epoch"]:.2f} '
          f'| {t["cpu_seconds_per_epoch"] / m["cpu_seconds_per_epoch"]:.2f} | |')
PYEOF
