#!/usr/bin/python3
"""Combines the JSON files of one bench/run.sh run into one table and bench/results/latest.json.

Usage: report.py --ours R1.json R2.json ... --zarr-python R1.json R2.json ... [--ours-tuned ...]
       [--tensorstore ...] --out LATEST.json
File i of each list comes from round i. A ratio is ours / zarr-python within one round (both
measured minutes apart at most, on the same store), then the median over rounds: above 1 we are
faster. MB/s columns are medians over rounds. Absolute MB/s depend on the machine and its load;
only the ratios travel.
"""
import argparse
import datetime
import json
import os
import platform
import statistics


def load(paths):
    runs = []
    for path in paths:
        with open(path) as f:
            runs.append(json.load(f))
    return runs


def by_case(run):
    return {c["name"]: c for c in run["cases"]}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ours", nargs="+", required=True)
    p.add_argument("--zarr-python", nargs="+", required=True)
    p.add_argument("--ours-tuned", nargs="*", default=[], help="our runs with the tuned JVM flags")
    p.add_argument("--tensorstore", nargs="*", default=[], help="TensorStore's runs, when it is installed")
    p.add_argument("--load", default="", help="load averages before / after the run, for the record")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    ours, zp, tuned, tsr = load(a.ours), load(a.zarr_python), load(a.ours_tuned), load(a.tensorstore)
    if len(ours) != len(zp) or (tuned and len(tuned) != len(ours)) or (tsr and len(tsr) != len(ours)):
        raise SystemExit("give one file per round for each tool")
    rounds = len(ours)
    med = statistics.median

    first = ours[0]
    print(f"content compresses {first['compression_ratio']:.2f}x; {first['threads']} chunk threads; "
          f"{rounds} round{'s' if rounds != 1 else ''} of median-of-{first['repeat']}; MB/s of uncompressed data (1 MB = 10^6 B)")
    head = f"{'case':5} {'op':6} {'ours':>7} {'zarr-py':>8} {'ratio':>7} {'(range)':>13}"
    if tuned:
        head += f"  {'tuned JVM':>9} {'ratio':>7}"
    if tsr:
        head += f"  {'tensorst':>8} {'ratio':>7} {'(range)':>13}"
    head += f"  {'CPU ms/op ours':>14} {'zarr-py':>8} {'ratio':>7}"
    if tsr:
        head += f" {'tensorst':>8} {'ratio':>7}"
    print(head)
    summary = []
    for c in first["cases"]:
        name = c["name"]
        for op in ("read", "write"):
            o = [by_case(r)[name][op] for r in ours]
            z = [by_case(r)[name][op] for r in zp]
            ratios = [oi["mbps"] / zi["mbps"] for oi, zi in zip(o, z)]
            row = {"case": name, "op": op,
                   "ours_mbps": med([x["mbps"] for x in o]), "zarr_python_mbps": med([x["mbps"] for x in z]),
                   "ratio": med(ratios), "ratio_per_round": ratios,
                   "ours_cpu_ms_per_op": med([x["cpu_ms_per_op"] for x in o]),
                   "zarr_python_cpu_ms_per_op": med([x["cpu_ms_per_op"] for x in z])}
            row["cpu_ratio"] = row["zarr_python_cpu_ms_per_op"] / row["ours_cpu_ms_per_op"]
            line = (f"{name:5} {op:6} {row['ours_mbps']:7.0f} {row['zarr_python_mbps']:8.0f} {row['ratio']:6.2f}x"
                    f" {'(' + format(min(ratios), '.2f') + '-' + format(max(ratios), '.2f') + ')':>13}")
            if tuned:
                t = [by_case(r)[name][op]["mbps"] for r in tuned]
                row["ours_tuned_mbps"] = med(t)
                row["ratio_tuned"] = med([ti / zi["mbps"] for ti, zi in zip(t, z)])
                line += f"  {row['ours_tuned_mbps']:9.0f} {row['ratio_tuned']:6.2f}x"
            if tsr:
                t = [by_case(r)[name][op] for r in tsr]
                ts_ratios = [oi["mbps"] / ti["mbps"] for oi, ti in zip(o, t)]
                row["tensorstore_mbps"] = med([x["mbps"] for x in t])
                row["ratio_tensorstore"] = med(ts_ratios)
                row["ratio_tensorstore_per_round"] = ts_ratios
                row["tensorstore_cpu_ms_per_op"] = med([x["cpu_ms_per_op"] for x in t])
                row["cpu_ratio_tensorstore"] = row["tensorstore_cpu_ms_per_op"] / row["ours_cpu_ms_per_op"]
                line += (f"  {row['tensorstore_mbps']:8.0f} {row['ratio_tensorstore']:6.2f}x"
                         f" {'(' + format(min(ts_ratios), '.2f') + '-' + format(max(ts_ratios), '.2f') + ')':>13}")
            line += (f"  {row['ours_cpu_ms_per_op']:14.1f} {row['zarr_python_cpu_ms_per_op']:8.1f}"
                     f" {row['cpu_ratio']:6.2f}x")
            if tsr:
                line += f" {row['tensorstore_cpu_ms_per_op']:8.1f} {row['cpu_ratio_tensorstore']:6.2f}x"
            print(line)
            summary.append(row)
    print("ratio: ours / zarr-python (or TensorStore) throughput, per round, median (and range) over rounds;"
          " CPU ratio: their CPU time / ours, all threads")
    if tsr:
        print(f"TensorStore {tsr[0]['tensorstore']} (zarr driver, no cache, file_io_sync off)")
    if tuned:
        print(f"tuned JVM: {' '.join(tuned[0]['jvm']['flags'])}")

    print()
    print("our writes with and without per-chunk fsync (zarr-python 2.13 never fsyncs)")
    print(f"{'case':5} {'no fsync':>9} {'fsync':>8} {'fsync costs':>12}")
    fsync = []
    for c in first["cases"]:
        plain = med([by_case(r)[c["name"]]["write"]["mbps"] for r in ours])
        synced = med([by_case(r)[c["name"]]["write_fsync"]["mbps"] for r in ours])
        print(f"{c['name']:5} {plain:9.0f} {synced:8.0f} {plain / synced:11.2f}x")
        fsync.append({"case": c["name"], "write_mbps": plain, "write_fsync_mbps": synced, "slowdown": plain / synced})

    latest = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "load_average_before_after": a.load},
        "rounds": rounds,
        "summary": summary,
        "fsync": fsync,
        "ours": ours,
        "ours_tuned": tuned,
        "zarr_python": zp,
        "tensorstore": tsr,
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(latest, f, indent=2)
    print(f"\nresults: {a.out}")


if __name__ == "__main__":
    main()
