"""The service under load: `annualreport serve --workers 2` on 127.0.0.1 and an httpx asyncio load generator
posting examples/2018 to `/api/render?format=pdf` at concurrency 1, 4 and 16: latency p50/p99, throughput,
errors, and the workers' resident memory before and after. Bounded in requests and in time; 127.0.0.1 only.

    .venv/bin/python benchmarks/bench_serve.py                       # 1000 + 2000 + 2000 requests
    .venv/bin/python benchmarks/bench_serve.py --requests 50 --time-limit 60 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = (REPO / "examples" / "2018" / "report.yaml").read_bytes()
HOST = "127.0.0.1"  # never anything else: this generates load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (uvicorn's workers, not multiprocessing's resource tracker)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and b"resource_tracker" not in Path(f"/proc/{entry}/cmdline").read_bytes():
                found.append(int(entry))
    return sorted(found)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def load(base: str, concurrency: int, requests: int, time_limit: float) -> dict[str, object]:
    """``requests`` POSTs shared by ``concurrency`` clients, stopping early at ``time_limit`` seconds."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    issued = 0
    start = time.perf_counter()
    deadline = start + time_limit
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def one_client() -> None:
            nonlocal issued
            while issued < requests and time.perf_counter() < deadline:
                issued += 1
                began = time.perf_counter()
                try:
                    answer = await client.post("/api/render?format=pdf", content=EXAMPLE,
                                               headers={"content-type": "application/yaml"})  # fmt: skip
                    ok = answer.status_code == 200 and answer.content.startswith(b"%PDF-")
                    key = "ok" if ok else str(answer.status_code)
                except httpx.HTTPError as error:
                    key = type(error).__name__
                if key == "ok":
                    latencies.append(time.perf_counter() - began)
                else:
                    errors[key] = errors.get(key, 0) + 1

        await asyncio.gather(*(one_client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    return {
        "concurrency": concurrency,
        "requests": issued,
        "ok": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "throughput_per_s": round(len(latencies) / elapsed, 2),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1) if latencies else None,
        "max_ms": round(1000 * max(latencies), 1) if latencies else None,
    }


def in_process(count: int) -> dict[str, float]:
    """The same render without HTTP, in this process (loaded, built, PDF): what the machine gives right now,
    to read the service's latencies against (this machine is shared; its load moves the figures)."""
    from annualreport.batch import render_formats
    from annualreport.loader import load_bytes

    times = []
    for index in range(count + 3):
        began = time.perf_counter()
        render_formats(load_bytes(EXAMPLE, name="report.yaml"), ("pdf",))
        if index >= 3:  # the first renders resolve the fonts
            times.append(time.perf_counter() - began)
    return {"renders": count, "p50_ms": round(1000 * statistics.median(times), 1), "min_ms": round(1000 * min(times), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", default="1,4,16", help="levels, comma-separated")
    parser.add_argument("--requests", default="1000,2000,2000", help="requests per level (one number: each)")
    parser.add_argument("--time-limit", type=float, default=600, help="seconds per level at most")
    parser.add_argument("--warm-up", type=int, default=20)
    parser.add_argument("--in-process", type=int, default=20, help="renders without HTTP first, for comparison")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    reference = in_process(args.in_process) if args.in_process else None
    if reference:
        print(f"in-process render (load + build + PDF), same machine, now: {json.dumps(reference)}", flush=True)
    levels = [int(c) for c in args.concurrency.split(",")]
    counts = [int(n) for n in args.requests.split(",")]
    counts = counts * len(levels) if len(counts) == 1 else counts

    load_before = os.getloadavg()
    port = free_port()
    base = f"http://{HOST}:{port}"
    command = [sys.executable, "-m", "annualreport.cli", "serve", "--host", HOST, "--port", str(port),
               "--workers", str(args.workers), "--max-waiting", "64"]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(1200):
            try:
                if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise SystemExit("the service did not start")
        workers = children(server.pid)
        for _ in range(args.warm_up):
            httpx.post(f"{base}/api/render?format=pdf", content=EXAMPLE, timeout=120)
        before = {pid: round(rss_mib(pid), 1) for pid in workers}
        results = []
        for concurrency, count in zip(levels, counts):
            result = asyncio.run(load(base, concurrency, count, args.time_limit))
            results.append(result)
            print(json.dumps(result), flush=True)
        after = {pid: round(rss_mib(pid), 1) for pid in workers}
    finally:
        server.terminate()
        server.wait(30)
    load_average = os.getloadavg()
    summary = {"workers": args.workers, "cores": os.cpu_count(), "in_process": reference, "levels": results,
               "rss_mib_before": before, "rss_mib_after": after, "load_average_before": load_before, "load_average_after": load_average}  # fmt: skip
    print(f"load average before {load_before}")
    print(f"workers {args.workers}, RSS MiB before {before}, after {after}, load average {load_average}")
    print(f"{'conc':>4} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7}")
    for r in results:
        print(f"{r['concurrency']:>4} {r['requests']:>8} {sum(r['errors'].values()):>6} {r['throughput_per_s']:>6} "
              f"{r['p50_ms']:>7} {r['p99_ms']:>7}")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
