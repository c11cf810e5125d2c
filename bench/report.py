#!/usr/bin/python3
"""Combines the JSON of one bench/run.sh run into one table and bench/results/latest.json.

Usage: report.py --ours OURS.json --zarr-python ZP.json [--ours-tuned TUNED.json] --out LATEST.json
The ratio is ours / zarr-python, both measured in the same run on the same store: above 1 we are
faster. Absolute MB/s depend on the machine and its load; only the ratio travels.
"""
import argparse
import datetime
import json
import os
import platform


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ours", required=True)
    p.add_argument("--zarr-python", required=True)
    p.add_argument("--ours-tuned", help="our run with the tuned JVM flags")
    p.add_argument("--load-before", default="", help="load average when the run started")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    ours, zp = load(a.ours), load(a.zarr_python)
    tuned = load(a.ours_tuned) if a.ours_tuned else None
    zp_cases = {c["name"]: c for c in zp["cases"]}
    tuned_cases = {c["name"]: c for c in tuned["cases"]} if tuned else {}

    flags = " ".join(tuned["jvm"]["flags"]) if tuned else ""
    print(f"content compresses {ours['compression_ratio']:.2f}x; {ours['threads']} chunk threads; "
          f"median of {ours['repeat']}; MB/s of uncompressed data (1 MB = 10^6 B)")
    head = f"{'case':5} {'op':6} {'ours':>8} {'zarr-py':>8} {'ratio':>7}"
    if tuned:
        head += f"   {'tuned JVM':>9} {'ratio':>7}"
    head += f"   {'CPU ms/op: ours':>15} {'zarr-py':>8} {'ratio':>7}"
    print(head)
    summary = []
    for c in ours["cases"]:
        z = zp_cases[c["name"]]
        for op in ("read", "write"):
            row = {"case": c["name"], "op": op, "ours_mbps": c[op]["mbps"], "zarr_python_mbps": z[op]["mbps"],
                   "ratio": c[op]["mbps"] / z[op]["mbps"]}
            line = f"{c['name']:5} {op:6} {row['ours_mbps']:8.0f} {row['zarr_python_mbps']:8.0f} {row['ratio']:6.2f}x"
            if tuned:
                t = tuned_cases[c["name"]][op]["mbps"]
                row["ours_tuned_mbps"] = t
                row["ratio_tuned"] = t / z[op]["mbps"]
                line += f"   {t:9.0f} {row['ratio_tuned']:6.2f}x"
            row["ours_cpu_ms_per_op"] = c[op]["cpu_ms_per_op"]
            row["zarr_python_cpu_ms_per_op"] = z[op]["cpu_ms_per_op"]
            row["cpu_ratio"] = z[op]["cpu_ms_per_op"] / c[op]["cpu_ms_per_op"]
            line += f"   {row['ours_cpu_ms_per_op']:15.1f} {row['zarr_python_cpu_ms_per_op']:8.1f} {row['cpu_ratio']:6.2f}x"
            print(line)
            summary.append(row)
    print("ratio: ours / zarr-python throughput (wall clock); CPU ratio: zarr-python CPU time / ours (all threads)")
    if tuned:
        print(f"tuned JVM: {flags}")

    print()
    print("our writes with per-chunk fsync (zarr-python 2.13 never fsyncs)")
    print(f"{'case':5} {'no fsync':>9} {'fsync':>8} {'fsync costs':>12}")
    fsync = []
    for c in ours["cases"]:
        plain, synced = c["write"]["mbps"], c["write_fsync"]["mbps"]
        print(f"{c['name']:5} {plain:9.0f} {synced:8.0f} {plain / synced:11.2f}x")
        fsync.append({"case": c["name"], "write_mbps": plain, "write_fsync_mbps": synced, "slowdown": plain / synced})

    latest = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "load_before": a.load_before},
        "summary": summary,
        "fsync": fsync,
        "ours": ours,
        "ours_tuned": tuned,
        "zarr_python": zp,
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(latest, f, indent=2)
    print(f"\nresults: {a.out}")


if __name__ == "__main__":
    main()
