#!/usr/bin/env bash
# fashion-mlp's training epoch, PyTorch 1.13 beside `ml run fashion-mlp`, alternating in one session, printed as
# one Markdown table: seconds of the training pass of one full Fashion-MNIST epoch (235 Adam steps of batch 256,
# dropout 0.2, weight decay 0.002: the seed's cell of the grid), mean and best over the epochs of a round; the
# evaluations after each epoch are not timed on either side.
#
#   bench/reference/compare-fashion-mlp.sh [rounds] [epochs]      (default 2 rounds of 3 epochs; about 2 minutes a round)
#
# PyTorch: bench/reference/fashion_mlp_torch.py --dropouts 0.2 --weight-decays 0.002 --epochs EPOCHS --threads 2.
# ml: ./ml run fashion-mlp -P dropouts=0.2 -P weight-decays=0.002 --epochs EPOCHS with its defaults (2 data-parallel
# workers x 1 OpenMP thread). Debian's python3-torch multiplies through the system libblas.so.3; when that is the
# reference BLAS (package libblas3) set OPENBLAS_DIR to the directory of an OpenBLAS libblas.so.3 (e.g. one unpacked
# with `apt-get download libopenblas0-pthread; dpkg -x ...`). The machine is shared: run it under
# `flock /tmp/ml-heavy.lock`; the 1-minute load average is recorded with every row.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}
EPOCHS=${2:-3}
PY=/usr/bin/python3
OUT=$(mktemp -d /tmp/compare-fashion-mlp.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
export ML_DATA_DIR=${ML_DATA_DIR:-/usr/share/datasets}
for r in $(seq "$ROUNDS"); do
  echo "round $r, load before PyTorch: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  LD_LIBRARY_PATH=${OPENBLAS_DIR:-${LD_LIBRARY_PATH:-}} "$PY" bench/reference/fashion_mlp_torch.py --dropouts 0.2 \
      --weight-decays 0.002 --epochs "$EPOCHS" --threads 2 | grep '^JSON ' | tee -a "$OUT/torch.jsonl" >&2
  echo "round $r, load before ml: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  load=$(cut -d' ' -f1 /proc/loadavg)
  ./ml run fashion-mlp -P dropouts=0.2 -P weight-decays=0.002 --epochs "$EPOCHS" --out "$OUT/runs" >/dev/null 2>&1
  run=$(ls -d "$OUT"/runs/fashion-mlp/* | tail -1)
  "$PY" -c 'import json,sys; c=json.load(open(sys.argv[1]))["final"]["cells"][0]; s=[e["seconds"] for e in c["epochs"]]
print("JSON "+json.dumps({"impl":"ml","seconds_per_epoch":sum(s)/len(s),"best_seconds_per_epoch":min(s),
"test_accuracy":c["test_accuracy"],"loadavg_1min":float(sys.argv[2])}))' "$run/metrics.json" "$load" | tee -a "$OUT/ml.jsonl" >&2
done
"$PY" - "$OUT/torch.jsonl" "$OUT/ml.jsonl" "$EPOCHS" <<'PYEOF'
import json, sys
torch_rows = [json.loads(l[5:]) for l in open(sys.argv[1])]
ml_rows = [json.loads(l[5:]) for l in open(sys.argv[2])]
print(f"| round | impl | s per epoch, mean (training pass) | best epoch | test accuracy after {sys.argv[3]} epochs | load (1 min) |")
print("| --- | --- | ---: | ---: | ---: | --- |")
for i, (t, m) in enumerate(zip(torch_rows, ml_rows), 1):
    c = t["cells"][0]
    print(f'| {i} | PyTorch {t["torch"]}, {t["threads"]} threads | {c["seconds_per_epoch"]:.2f} | {c["best_seconds_per_epoch"]:.2f} '
          f'| {100 * c["test_accuracy"]:.2f}% | {t["loadavg_1min"]:.2f} |')
    print(f'| {i} | ml, 2 workers x 1 OpenMP thread | {m["seconds_per_epoch"]:.2f} | {m["best_seconds_per_epoch"]:.2f} '
          f'| {100 * m["test_accuracy"]:.2f}% | {m["loadavg_1min"]:.2f} |')
    print(f'| {i} | ratio PyTorch / ml (> 1: ml faster) | {c["seconds_per_epoch"] / m["seconds_per_epoch"]:.2f} '
          f'| {c["best_seconds_per_epoch"] / m["best_seconds_per_epoch"]:.2f} | | |')
PYEOF
