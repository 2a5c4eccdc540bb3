#!/usr/bin/env bash
# Seed LeNet, batch 64, float32, synthetic input: PyTorch 1.13 (Debian python3-torch) beside `ml bench lenet`,
# in the same session, printed as one Markdown table.
#
#   bench/reference/compare-lenet.sh [seconds-per-measurement]      (default 10)
#
# PyTorch runs with /usr/bin/python3 (Debian's interpreter, where python3-torch is installed; the python3
# first on PATH may be a pyenv interpreter without torch). Every benchmark prints lines "JSON {...}" with the
# keys impl, threads, batch, train_samples_per_s, infer_samples_per_s (and optionally
# train_samples_per_cpu_s, infer_samples_per_cpu_s, loadavg_1min); the table is built from those lines.
# The machine is shared: the 1-minute load average is printed before each run; figures taken while the load is
# above the number of cores are not comparable (2-thread OpenMP runs collapse when a core is busy).
set -euo pipefail
cd "$(dirname "$0")/../.."                      # repository root
SECONDS_PER=${1:-10}
PY=/usr/bin/python3
OUT=$(mktemp /tmp/compare-lenet.XXXXXX)
trap 'rm -f "$OUT"' EXIT

if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "PyTorch not importable by $PY; install it with: apt-get install -y python3-torch" >&2
  exit 1
fi

echo "load before PyTorch: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$PY" bench/reference/lenet_torch_bench.py --threads 1,2 --seconds "$SECONDS_PER" | tee -a "$OUT" >&2

# ---------------------------------------------------------------------------------------------------
# Java side: `ml bench lenet` prints "JSON {...}" lines with the same keys (impl "ml-samediff-<executor>",
# threads = cores used). Configurations: SameDiff's own session (the baseline before GraphExecutor),
# the replaying executor on 1 core, 2 data-parallel workers with 1 OpenMP thread each, and 1 worker
# with 2 OpenMP threads.
if [ -x ./ml ]; then
  echo "load before ml bench: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  ./ml bench lenet -P workers=1 -P executor=session 2>/dev/null | tee -a "$OUT" >&2
  for w in 1 2; do
    ./ml bench lenet -P workers=$w 2>/dev/null | tee -a "$OUT" >&2
  done
  OMP_NUM_THREADS=2 ./ml bench lenet -P workers=1 2>/dev/null | tee -a "$OUT" >&2
else
  echo "(./ml not found: Java side skipped)" >&2
fi
# ---------------------------------------------------------------------------------------------------

"$PY" - "$OUT" <<'PYEOF'
import json, sys
rows = [json.loads(l[5:]) for l in open(sys.argv[1]) if l.startswith("JSON ")]
ref = {r["threads"]: r for r in rows if r.get("impl") == "pytorch"}
fmt = lambda v: "-" if v is None else f"{v:.0f}"
print("| impl | cores | workers x OpenMP threads | train samples/s | infer samples/s | train / PyTorch same cores | load |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for r in rows:
    p = ref.get(r.get("threads"))
    ratio = f'{r["train_samples_per_s"] / p["train_samples_per_s"]:.2f}' if p else "-"
    layout = f'{r["workers"]} x {r["omp_threads"]}' if "workers" in r else f'1 x {r.get("threads")}'
    print(f'| {r.get("impl")} | {r.get("threads")} | {layout} | {r["train_samples_per_s"]:.0f} | {r["infer_samples_per_s"]:.0f} '
          f'| {ratio} | {r.get("loadavg_1min", "-")} |')
PYEOF
