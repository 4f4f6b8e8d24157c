"""`make bench`: run every benchmark in this folder that exists (bench_pdf.py, bench_first_render.py,
bench_docx.py, bench_big.py, bench_editor.py, bench_figures.py, bench_gongwen.py).

Each runs with its defaults in its own process (for options, run a script directly, e.g.
``.venv/bin/python benchmarks/bench_pdf.py --help``); the exit status is the first non-zero one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ("bench_pdf.py", "bench_first_render.py", "bench_docx.py", "bench_big.py", "bench_editor.py", "bench_figures.py",
           "bench_gongwen.py")


def main() -> int:
    status = 0
    for name in SCRIPTS:
        script = HERE / name
        if not script.is_file():
            print(f"== {name}: not there yet, skipped", flush=True)
            continue
        print(f"== {name}", flush=True)
        code = subprocess.run([sys.executable, str(script)], check=False).returncode
        status = status or code
    return status


if __name__ == "__main__":
    sys.exit(main())
