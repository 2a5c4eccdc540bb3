#!/usr/bin/env bash
# The convolution experiment's training epoch, PyTorch 1.13 beside `ml run convolution`, alternating in one
# session, printed as one Markdown table (seconds of the training pass of one full MNIST epoch, 938 Adadelta
# steps of batch 64, dropout on; the test pass is not timed on either side).
#
#   bench/reference/compare-convolution.sh [rounds]      (default 1; about 5 minutes a round on an idle machine)
#
# PyTorch: bench/reference/convolution_torch.py --epochs 1 --threads 2 (both cores, as pytorch/examples runs).
# ml: ./ml run convolution --epochs 1 with its defaults (1 worker whose native ops run on 2 OpenMP threads, -P threads).
# Debian's python3-torch multiplies Linear layers through the system libblas.so.3; when that is the reference
# BLAS (package libblas3) set OPENBLAS_DIR to the directory of an OpenBLAS libblas.so.3 (e.g. one unpacked with
# `apt-get download libopenblas0-pthread; dpkg -x ...`), or PyTorch's fc1 (9216 x 128) runs on a BLAS many times
# slower. The machine is shared: run it under `flock /tmp/ml-heavy.lock`; the 1-minute load average is
# recorded with every row.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-1}
PY=/usr/bin/python3
OUT=$(mktemp -d /tmp/compare-convolution.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
export ML_DATA_DIR=${ML_DATA_DIR:-/usr/share/datasets}
for r in $(seq "$ROUNDS"); do
  echo "round $r, load before PyTorch: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  LD_LIBRARY_PATH=${OPENBLAS_DIR:-${LD_LIBRARY_PATH:-}} "$PY" bench/reference/convolution_torch.py --epochs 1 --threads 2 \
      | grep '^JSON ' | tee -a "$OUT/torch.jsonl" >&2
  echo "round $r, load before ml: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  load=$(cut -d' ' -f1 /proc/loadavg)
  ./ml run convolution --epochs 1 --out "$OUT/runs" >/dev/null 2>&1
  run=$(ls -d "$OUT"/runs/convolution/* | tail -1)
  "$PY" -c 'import json,sys; e=json.load(open(sys.argv[1]))["epochs"][0]; print("JSON "+json.dumps({"impl":"ml","train_seconds":e["seconds"],
"samples_per_s":e["samples_per_s"],"test_accuracy":e["test_accuracy"],"setting":"{workers} worker(s) x {threads} OpenMP thread(s)".format(**json.load(open(sys.argv[1].replace("metrics.json","config.json")))),"loadavg_1min":float(sys.argv[2]),"loadavg_after":float(open("/proc/loadavg").read().split()[0])}))' \
      "$run/metrics.json" "$load" | tee -a "$OUT/ml.jsonl" >&2
done
"$PY" - "$OUT/torch.jsonl" "$OUT/ml.jsonl" <<'PYEOF'
import json, sys
torch_rows = [json.loads(l[5:]) for l in open(sys.argv[1])]
ml_rows = [json.loads(l[5:]) for l in open(sys.argv[2])]
print("| round | impl | s per epoch (training pass) | samples/s | test accuracy after 1 epoch | load (1 min) |")
print("| --- | --- | ---: | ---: | ---: | --- |")
for i, (t, m) in enumerate(zip(torch_rows, ml_rows), 1):
    print(f'| {i} | PyTorch {t["torch"]}, {t["threads"]} threads | {t["train_seconds"]:.1f} | {t["samples_per_s"]:.0f} '
          f'| {100 * t["test_accuracy"]:.2f}% | {t["loadavg_1min"]:.2f} |')
    print(f'| {i} | ml, {m["setting"]} | {m["train_seconds"]:.1f} | {m["samples_per_s"]:.0f} '
          f'| {100 * m["test_accuracy"]:.2f}% | {m["loadavg_1min"]:.2f} |')
    print(f'| {i} | ratio PyTorch / ml (> 1: ml faster) | {t["train_seconds"] / m["train_seconds"]:.2f} | | | |')
PYEOF
