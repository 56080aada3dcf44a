#!/usr/bin/env python3
"""Benchmark: `parque-agent inventory` side by side with FusionInventory's `--local` inventory.

Runs each agent repeatedly on this machine and reports medians of wall time, CPU time (user+sys),
peak RSS, and the size of one inventory raw and zlib-compressed (default level, as both agents
send it).

Peak RSS comes from a second run of each under GNU time (/usr/bin/time -f %M): wait4() on a child
this Python process started reports at least Python's own RSS, because the kernel carries the
peak of the process image before exec (Python's, with vfork or fork) into ru_maxrss. GNU time is
a small C program, so its own footprint (~2 MiB) is below anything measured here. Writes a Markdown table to stdout; bench/run-agent-benchmark puts it in docs/benchmarks.md.

Usage: agent_inventory.py PARQUE_AGENT [RUNS_PARQUE] [RUNS_FUSION]
"""
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib


def measure(argv, output_path):
    """One run: (wall s, cpu s, peak RSS KiB, output bytes)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[0]} failed with status {status}")
    data = output_path().read_bytes()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, data


def peak_rss_kib(argv):
    """The program's own peak RSS, as GNU time reports it."""
    with tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as report:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *argv],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return int(report.read().split()[-1])


def series(name, runs, argv_and_output):
    walls, cpus, rss = [], [], []
    data = b""
    for _ in range(runs):
        argv, output = argv_and_output()
        wall, cpu, _, data = measure(argv, output)
        walls.append(wall)
        cpus.append(cpu)
        argv, output = argv_and_output()
        rss.append(peak_rss_kib(argv))
    return {
        "name": name,
        "runs": runs,
        "wall_ms": statistics.median(walls) * 1000,
        "cpu_ms": statistics.median(cpus) * 1000,
        "rss_mib": statistics.median(rss) / 1024,
        "raw": len(data),
        "zlib": len(zlib.compress(data)),
    }


def main():
    parque = sys.argv[1]
    runs_parque = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    runs_fusion = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    work = pathlib.Path(tempfile.mkdtemp(prefix="parque-bench-"))
    out = work / "parque.json"

    def parque_run():
        return [parque, "inventory", "--output", str(out)], lambda: out

    results = [series("parque-agent inventory", runs_parque, parque_run)]
    fusion = shutil.which("fusioninventory-agent")
    variants = [("fusioninventory-agent --local", []),
                ("fusioninventory-agent --local, no process/environment",
                 ["--no-category=process,environment"])]
    for name, extra in variants if fusion else []:
        def fusion_run(extra=extra):
            local = work / "fusion"
            shutil.rmtree(local, ignore_errors=True)
            local.mkdir()
            return [fusion, "--local", str(local), *extra], lambda: next(local.glob("*.ocs"))
        results.append(series(name, runs_fusion, fusion_run))
    shutil.rmtree(work, ignore_errors=True)

    packages = subprocess.run(["/usr/bin/dpkg-query", "-W"], capture_output=True, text=True,
                              check=True).stdout.count("\n")
    print(f"Machine: {os.cpu_count()} CPUs, {packages} dpkg packages, "
          f"{time.strftime('%Y-%m-%d', time.gmtime())}\n")
    print("| agent | runs | wall median | CPU median | peak RSS median | inventory raw | zlib |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['name']} | {r['runs']} | {r['wall_ms']:.1f} ms | {r['cpu_ms']:.1f} ms | "
              f"{r['rss_mib']:.1f} MiB | {r['raw'] / 1000:.1f} KB | {r['zlib'] / 1000:.1f} KB |")
    p = results[0]
    for f in results[1:]:
        print(f"\nRatios ({f['name']} / Parque): wall {f['wall_ms'] / p['wall_ms']:.0f}x, "
              f"CPU {f['cpu_ms'] / p['cpu_ms']:.0f}x, RSS {f['rss_mib'] / p['rss_mib']:.1f}x, "
              f"zlib payload {f['zlib'] / p['zlib']:.2f}x")


if __name__ == "__main__":
    main()
