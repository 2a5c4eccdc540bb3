#!/usr/bin/env bash
# The seed-004 experiments beside their PyTorch 1.13 references, one after the other in one session:
# linear-regression (default, m-loss, 2000 epochs for timing), logistic-regression, bigram (pairs, grouped).
#
#   ML_DATA_DIR=/work/shared/datasets bench/reference/compare-regression.sh [out-dir]     (default runs)
#
# Prints the load average before each run, each side's summary and its "JSON {...}" line (PyTorch); the Java
# runs leave their records under out-dir. docs/results.md (Regression) holds the figures of one such session.
set -euo pipefail
cd "$(dirname "$0")/../.."                      # repository root
OUT=${1:-runs}
PY=/usr/bin/python3
export ML_DATA_DIR=${ML_DATA_DIR:-/work/shared/datasets}
load() { echo "== load $(cut -d' ' -f1-3 /proc/loadavg): $*" >&2; }
side() { load "$*"; "$@" 2>&1 | grep -vE " (DEBUG|INFO) |^Added differentiated op" || true; }

side ./ml run linear-regression --out "$OUT"
side "$PY" bench/reference/linear_regression_torch.py
side ./ml run linear-regression -P m-loss=true --out "$OUT"
side "$PY" bench/reference/linear_regression_torch.py --m-loss
side ./ml run linear-regression --epochs 2000 --out "$OUT"
side "$PY" bench/reference/linear_regression_torch.py --epochs 2000
side ./ml run logistic-regression --out "$OUT"
side "$PY" bench/reference/logistic_regression_torch.py
side ./ml run bigram --out "$OUT"
side "$PY" bench/reference/bigram_torch.py
side ./ml run bigram -P batch=grouped --out "$OUT"
side "$PY" bench/reference/bigram_torch.py --grouped
