#!/usr/bin/env python3
"""The Windows agent's numbers for docs/benchmarks.md (indicative: Wine is not Windows).

Measures parque-agent.exe's size (as built and stripped), one `inventory` under Wine (wall time
and peak RSS of the Windows process, median of N runs, in a seeded throw-away prefix; the Wine
server is started once before, so its start-up is not counted), the payload (JSON and zlib), and
how long scripts/build-windows-deps takes when its cache is warm.

Usage: bench/windows-agent.py [--build build/windows] [--runs 15]
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import time
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def timed(command, env):
    """Wall seconds and peak RSS (KiB) of one process, its output."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    return time.monotonic() - started, usage.ru_maxrss, output


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build" / "windows"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = pathlib.Path(args.build) / "agent" / "parque-agent.exe"
    work = pathlib.Path(tempfile.mkdtemp(prefix="parque-bench-windows-"))
    try:
        stripped = work / "parque-agent.exe"
        subprocess.run(["x86_64-w64-mingw32-strip", "-o", str(stripped), str(exe)], check=True)
        env = dict(os.environ, WINEPREFIX=str(work / "prefix"), WINEDEBUG="-all",
                   WINEDLLOVERRIDES="mscoree,mshtml=")
        subprocess.run([str(ROOT / "tests" / "windows" / "seed-wine-prefix"), env["WINEPREFIX"],
                        str(ROOT / "tests" / "windows" / "fixtures")], env=env, check=True)
        server = subprocess.Popen(["wineserver", "-f", "-p"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            timed(["wine", str(stripped), "--version"], env)  # warm the prefix
            runs = [timed(["wine", str(stripped), "inventory", "--output", "-"], env)
                    for _ in range(args.runs)]
        finally:
            subprocess.run(["wineserver", "-k"], env=env)
            server.wait()
        started = time.monotonic()
        subprocess.run([str(ROOT / "scripts" / "build-windows-deps")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        warm = time.monotonic() - started
        payload = runs[-1][2]
        print(f"parque-agent.exe: {exe.stat().st_size / 2**20:.1f} MiB as built (with debug "
              f"information), {stripped.stat().st_size / 2**20:.1f} MiB stripped")
        print(f"inventory under Wine, {args.runs} runs: median "
              f"{statistics.median(r[0] for r in runs) * 1000:.0f} ms wall, peak RSS median "
              f"{statistics.median(r[1] for r in runs) / 1024:.1f} MiB")
        print(f"payload: {len(payload)} B JSON, {len(zlib.compress(payload, 6))} B zlib")
        print(f"scripts/build-windows-deps with a warm cache: {warm:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
