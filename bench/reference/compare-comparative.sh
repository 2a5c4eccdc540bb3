#!/usr/bin/env bash
# The comparative experiment's training speed, PyTorch 1.13 beside `ml run comparative`, alternating in one
# session, printed as one Markdown table (seconds per epoch of 60,000 MNIST pairs, batch 64, Adam).
#
#   bench/reference/compare-comparative.sh [rounds] [cores] [epochs]      (default 2 rounds, 2 cores, 3 epochs)
#
# Both sides train the same network on real pairs drawn from ML_DATA_DIR's MNIST (no synthetic batch: the
# pairs are assembled from the image bytes inside the timed loop on both sides) and the figure is the mean of
# epochs 2..N (epoch 1 holds the warm-up: graph recording on ours, allocator on PyTorch's).
# PyTorch: comparative_torch.py --epochs N --threads CORES --no-classify.
# ml: `./ml run comparative --epochs N -P workers=CORES` under OMP_NUM_THREADS=1 (one OpenMP thread per
# worker), the classifier table cut to 100 digits and one draw (not timed either way).
# The 1-minute load average is recorded with every row. Run it under `flock /tmp/ml-heavy.lock` when others
# share the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}
CORES=${2:-2}
EPOCHS=${3:-3}
PY=/usr/bin/python3
OUT=$(mktemp -d /tmp/compare-comparative.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
export ML_DATA_DIR=${ML_DATA_DIR:-/usr/share/datasets}
for r in $(seq "$ROUNDS"); do
  echo "round $r, load before PyTorch: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  "$PY" bench/reference/comparative_torch.py --epochs "$EPOCHS" --threads "$CORES" --no-classify | grep '^JSON ' \
      | sed 's/^JSON //' > "$OUT/torch-$r.json"
  echo "round $r, load before ml: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  cut -d' ' -f1 /proc/loadavg > "$OUT/ml-$r.load"
  OMP_NUM_THREADS=1 ./ml run comparative --epochs "$EPOCHS" -P workers="$CORES" -P classify-digits=100 -P reference-draws=1 \
      --out "$OUT/runs-$r" >/dev/null 2>&1
done
"$PY" - "$OUT" "$ROUNDS" "$CORES" <<'PYEOF'
import glob, json, sys
out, rounds, cores = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print("| round | PyTorch s / CPU-s per epoch | ml s per epoch | ratio wall (> 1: ml faster) | load PyTorch / ml | pair accuracy PyTorch / ml |")
print("| --- | --- | --- | ---: | --- | --- |")
for r in range(1, rounds + 1):
    t = json.load(open(f"{out}/torch-{r}.json"))
    m = json.load(open(glob.glob(f"{out}/runs-{r}/comparative/*/metrics.json")[0]))
    te = t["per_epoch"][1:] or t["per_epoch"]
    me = m["epochs"][1:] or m["epochs"]
    ts = sum(e["seconds"] for e in te) / len(te)
    tc = sum(e["cpu_seconds"] for e in te) / len(te)
    ms = sum(e["seconds"] for e in me) / len(me)
    ml_load = open(f"{out}/ml-{r}.load").read().strip()
    print(f"| {r} | {ts:.2f} / {tc:.2f} ({t['threads']} threads) | {ms:.2f} ({cores} workers x 1 thread) | {ts / ms:.2f} "
          f"| {t['loadavg_1min']} / {ml_load} | {100 * t['test_pair_accuracy']:.2f}% / {100 * m['final']['test_pair_accuracy']:.2f}% |")
PYEOF
