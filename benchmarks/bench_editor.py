"""The editor's responsiveness, measured in a real browser: from the last keystroke of an edit to the problems
shown and to the pages shown, by the page's own performance.now() stamps (the change of the text, then the
problem list drawn, then every page image decoded and drawn).

Headless Chromium (Debian's, through Selenium and chromedriver: tests/browser.py) against the service under
uvicorn on 127.0.0.1, as a person would use it: a keystroke at the end of the title line, then a pause. Each
figure includes the editor's 400 ms typing pause (PAUSE_MS in editor/src/main.js); the net figure is printed too.

    .venv/bin/python benchmarks/bench_editor.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import browser_missing, chromium, serve, wait_for  # noqa: E402

PAUSE_MS = 400


def settle(driver) -> None:
    wait_for(lambda: driver.execute_script("const s = annualreportEditor.state; return s.problemsVersion === s.version && (s.shownPreviewVersion === s.version || document.getElementById('problems').dataset.state === 'error')"), 120, "the page to settle")


def measure(driver, source: str, runs: int) -> dict[str, list[float]]:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    from selenium.common.exceptions import NoAlertPresentException

    driver.find_element("id", source).click()
    try:
        driver.switch_to.alert.accept()  # "discard your changes?" after the previous report's edits
    except NoAlertPresentException:
        pass
    wait_for(lambda: driver.execute_script("return annualreportEditor.state.version > 0"), 30, "the text to load")
    settle(driver)
    title = next(i + 1 for i, line in enumerate(driver.execute_script("return annualreportEditor.getText().split('\\n')")) if line.startswith("title:"))
    figures: dict[str, list[float]] = {"problems (valid edit)": [], "pages (valid edit)": [], "problems (error)": []}
    for run in range(runs):
        # a valid edit: one more character in the title (a new first page each time)
        driver.execute_script("annualreportEditor.gotoLine(arguments[0], 1)", title)
        ActionChains(driver).send_keys(Keys.END, "一二三四五六七八九十"[run % 10]).perform()
        settle(driver)
        version = driver.execute_script("return annualreportEditor.state.version")
        timings = driver.execute_script("return annualreportEditor.state.timings.filter(t => t.version === arguments[0])", version)
        for t in timings:
            key = "problems (valid edit)" if t["kind"] == "problems" else "pages (valid edit)"
            figures[key].append(t["shownAt"] - t["editAt"])
        # an error: a mapping value where YAML allows none; then taken back
        ActionChains(driver).send_keys(": x").perform()
        settle(driver)
        version = driver.execute_script("return annualreportEditor.state.version")
        timings = driver.execute_script("return annualreportEditor.state.timings.filter(t => t.version === arguments[0] && t.kind === 'problems')", version)
        figures["problems (error)"].extend(t["shownAt"] - t["editAt"] for t in timings)
        ActionChains(driver).send_keys(Keys.BACKSPACE, Keys.BACKSPACE, Keys.BACKSPACE).perform()
        settle(driver)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="edits measured per report (default 10)")
    args = parser.parse_args()
    why = browser_missing()
    if why:
        print(f"bench_editor: {why}", file=sys.stderr)
        return 1
    from annualreport.server.app import create_app

    with serve(create_app()) as url, chromium() as driver:
        driver.get(url + "/")
        wait_for(lambda: driver.execute_script("return document.body.dataset.ready === 'true'"), 30, "the page")
        started = time.monotonic()
        for source, label in (("skeleton", "空白模板 (1 page)"), ("example", "2018 示例 (examples/2018)")):
            figures = measure(driver, source, args.runs)
            pages = driver.execute_script("return document.querySelectorAll('#pages img').length")
            print(f"{label}, {pages} page(s) shown, {args.runs} edits:")
            for name, values in figures.items():
                median = statistics.median(values)
                print(f"  keystroke → {name:22} median {median:7.0f} ms  (net of the {PAUSE_MS} ms pause {median - PAUSE_MS:6.0f} ms;"
                      f" min {min(values):.0f}, max {max(values):.0f}, n={len(values)})")
        print(f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
