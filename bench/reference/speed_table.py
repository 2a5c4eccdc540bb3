#!/usr/bin/python3
"""Prints the Markdown speed table of a compare-*.sh script from the JSON lines it collected.

    /usr/bin/python3 bench/reference/speed_table.py FILE

FILE holds, alternating, the "JSON {...}" lines of a PyTorch reference script (impl "torch":
best_seconds_per_epoch, cpu_seconds_per_epoch, threads, blas, torch, loadavg_1min) and of the
matching `./ml bench` (impl "ml": seconds_per_epoch, cpu_seconds_per_epoch, workers, loadavg_1min),
e.g. `./ml bench self-attention -P workers=2` or `./ml bench autoencoder -P workers=2`. One row per
side and round, and the ratio PyTorch / ml (above 1: ml faster), wall clock and CPU time.
"""
import json
import sys


def main():
    rows = [json.loads(line[5:]) for line in open(sys.argv[1]) if line.startswith("JSON ")]
    print("| round | impl | s per epoch (wall) | CPU-s per epoch | load |")
    print("| --- | --- | --- | --- | --- |")
    torch_rows = [r for r in rows if r.get("impl") == "torch"]
    ml_rows = [r for r in rows if r.get("impl") == "ml"]
    for i, (t, m) in enumerate(zip(torch_rows, ml_rows), 1):
        blas = "OpenBLAS" if any("openblas" in b for b in t["blas"]) else "BLAS: " + ",".join(t["blas"])
        print(f'| {i} | PyTorch {t["torch"]}, {t["threads"]} threads ({blas}) '
              f'| {t["best_seconds_per_epoch"]:.2f} | {t["cpu_seconds_per_epoch"]:.2f} | {t["loadavg_1min"]} |')
        print(f'| {i} | ml, {m["workers"]} worker(s) x {m.get("omp_threads", 1)} OpenMP thread(s) | {m["seconds_per_epoch"]:.2f} '
              f'| {m["cpu_seconds_per_epoch"]:.2f} | {m["loadavg_1min"]} |')
        print(f'| {i} | ratio PyTorch / ml (> 1: ml faster) | {t["best_seconds_per_epoch"] / m["seconds_per_epoch"]:.2f} '
              f'| {t["cpu_seconds_per_epoch"] / m["cpu_seconds_per_epoch"]:.2f} | |')


if __name__ == "__main__":
    main()
