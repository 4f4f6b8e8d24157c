"""The editor at ``/`` in a real browser: Debian's headless Chromium driven by Selenium against the service
started with uvicorn on 127.0.0.1 (tests/browser.py). Keystrokes go through the browser as a person's would.

Chromium missing fails these tests (CI installs it, .ci/run); only ANNUALREPORT_NO_BROWSER=1 skips them.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import annualreport as ar

from .browser import NO_BROWSER_ENV, browser_missing, chromium, serve, wait_for
from .conftest import REPO

if os.environ.get(NO_BROWSER_ENV) == "1":
    pytest.skip(f"{NO_BROWSER_ENV}=1: the browser tests were switched off", allow_module_level=True)

FULL = REPO / "tests" / "fixtures" / "full"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    from annualreport.server.app import create_app

    with serve(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    why = browser_missing()
    if why:
        pytest.fail(f"the editor's browser test needs Chromium: {why}; set {NO_BROWSER_ENV}=1 to skip it on purpose")
    with chromium(downloads) as driver:
        yield driver


@pytest.fixture()
def page(browser: Any, base_url: str) -> Any:
    browser.get(base_url + "/")
    browser.execute_script("localStorage.clear()")
    browser.get(base_url + "/")
    wait_for(lambda: browser.execute_script("return document.body.dataset.ready === 'true'"), 30, "the page to start")
    return browser


# ------------------------------------------------------------------------------------------------ helpers


def js(driver: Any, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def preview_version(driver: Any) -> int:
    return int(js(driver, "return document.getElementById('preview').dataset.version"))


def first_page_digest(driver: Any) -> str:
    src = js(driver, "const i = document.querySelector('#pages img'); return i ? i.src : ''")
    return hashlib.sha256(src.encode()).hexdigest() if src else ""


def problems_state(driver: Any) -> str:
    return js(driver, "return document.getElementById('problems').dataset.state")


def marked_lines(driver: Any) -> list[int]:
    """The lines the editor underlines as errors (the lint ranges drawn in the text)."""
    return js(
        driver,
        "const v = annualreportEditor.view;"
        "return [...document.querySelectorAll('.cm-lintRange-error')]"
        ".map(e => v.state.doc.lineAt(v.posAtDOM(e)).number);",
    )


def listed_lines(driver: Any) -> list[int]:
    return [int(n) for n in js(driver, "return [...document.querySelectorAll('#problem-list li.error[data-line]')].map(li => li.dataset.line)")]


def line_of(driver: Any, prefix: str) -> int:
    lines = js(driver, "return annualreportEditor.getText().split('\\n')")
    return next(i + 1 for i, line in enumerate(lines) if line.startswith(prefix))


def type_keys(driver: Any, *keys: str) -> None:
    """Real keystrokes into the focused editor."""
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def pages_current(driver: Any) -> bool:
    """The problems and the pages shown are those of the text in the editor now."""
    return js(driver, "const s = annualreportEditor.state; return s.problemsVersion === s.version && s.shownPreviewVersion === s.version")


def load_example(driver: Any) -> None:
    driver.find_element("id", "example").click()
    wait_for(lambda: "title: 2018年度工作总结" in js(driver, "return annualreportEditor.getText()"), 30, "the 2018 example")
    wait_for(lambda: pages_current(driver), 90, "the example's pages")
    assert problems_state(driver) == "ok"


# ------------------------------------------------------------------------------------------------ tests


def test_the_gongwen_example_loads_and_shows_its_pages(page: Any):
    """公文示例: examples/2018-gongwen in the editor, checked, and its pages previewed — as many as the PDF has
    (the 版记 at the foot of the last, even one)."""
    page.find_element("id", "example-gongwen").click()
    wait_for(lambda: "document_number: 奈大政发〔2019〕3号" in js(page, "return annualreportEditor.getText()"), 30,
             "the 公文 example")  # fmt: skip
    wait_for(lambda: pages_current(page), 90, "the 公文 example's pages")
    assert problems_state(page) == "ok"
    expected = len(ar.pages(REPO / "examples" / "2018-gongwen").pages)
    assert expected % 2 == 0 and len(page.find_elements("css selector", "#pages img")) == expected


def test_page_is_chinese_and_served_by_the_package(page: Any, base_url: str):
    assert page.title == "年度工作报告编辑器"
    assert js(page, "return document.documentElement.lang") == "zh-CN"
    labels = [b.text for b in page.find_elements("css selector", "header button")]
    assert labels == ["2018 示例", "公文示例", "空白模板", "上传 zip", "导入 Word", "保存 YAML", "生成下一年", "下载 .docx",
                      "下载 .pdf"]  # fmt: skip
    # every script, style and image the page loaded came from the service itself
    urls = js(page, "return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(base_url + "/") for u in urls), urls
    assert js(page, "return !!document.querySelector('.cm-editor .cm-lineNumbers')")


def test_error_marked_at_its_line_fixed_preview_updates_pdf_downloads(page: Any, downloads: Path):
    from pypdf import PdfReader

    load_example(page)
    original = first_page_digest(page)
    assert original
    pages_shown = len(page.find_elements("css selector", "#pages img"))
    assert pages_shown >= 2

    # an error: `title: 2018年度工作总结 草稿: x` is a mapping value where YAML allows none
    title_line = line_of(page, "title:")
    js(page, "annualreportEditor.gotoLine(arguments[0], 1)", title_line)
    from selenium.webdriver.common.keys import Keys

    type_keys(page, Keys.END, " 草稿: x")
    wait_for(lambda: problems_state(page) == "error" and marked_lines(page), 30, "the error's marker")
    assert set(marked_lines(page)) == {title_line}
    assert listed_lines(page) == [title_line]
    gutter = js(page, "return document.querySelectorAll('.cm-gutter-lint .cm-lint-marker-error').length")
    assert gutter == 1
    assert "1 个问题" in page.find_element("id", "problem-count").text

    # the listed problem takes the cursor to its line
    js(page, "annualreportEditor.gotoLine(1, 1)")
    page.find_element("css selector", f"#problem-list li[data-line='{title_line}']").click()
    assert js(page, "const s = annualreportEditor.view.state; return s.doc.lineAt(s.selection.main.head).number") == title_line
    assert js(page, "return annualreportEditor.view.hasFocus")

    # fixed: `title: 2018年度工作总结 草稿` is valid, the marker goes and the first page shows the new title
    shown = preview_version(page)
    type_keys(page, Keys.END, Keys.BACKSPACE, Keys.BACKSPACE, Keys.BACKSPACE)
    wait_for(lambda: problems_state(page) == "ok" and not marked_lines(page), 30, "the marker to go")
    assert listed_lines(page) == []
    assert js(page, "return document.querySelectorAll('.cm-lint-marker-error').length") == 0
    wait_for(lambda: preview_version(page) > shown and pages_current(page), 90, "the preview to update")
    assert first_page_digest(page) not in ("", original)
    assert js(page, "return document.getElementById('preview').dataset.stale") == "false"

    # 下载 .pdf: a PDF that opens, with the pages the preview shows
    before = set(downloads.iterdir())
    page.find_element("id", "download-pdf").click()

    def downloaded() -> Path | None:
        new = [p for p in set(downloads.iterdir()) - before if p.suffix == ".pdf"]
        return new[0] if new and new[0].stat().st_size > 0 else None

    pdf = wait_for(downloaded, 90, "the downloaded PDF")
    time.sleep(0.2)
    assert pdf.name.endswith(".pdf") and "草稿" in pdf.name  # the name from Content-Disposition's filename*
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(page.find_elements("css selector", "#pages img"))
    assert "已生成" in page.find_element("id", "status").text


def test_completion_and_hover_help_come_from_the_schema(page: Any):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    load_example(page)
    issuer_line = line_of(page, "issuer:")
    js(page, "annualreportEditor.gotoLine(arguments[0], 1)", issuer_line)
    type_keys(page, Keys.END, Keys.ENTER, "no")
    popup = wait_for(lambda: page.find_elements("css selector", ".cm-tooltip-autocomplete li"), 10, "the completions")
    labels = [li.text for li in popup]
    assert any(label.startswith("note") for label in labels), labels
    info = wait_for(lambda: page.find_elements("css selector", ".cm-completionInfo .cm-schema-info"), 10, "the field's help")
    assert "附注" in info[0].text
    # CodeMirror's autocompletion takes Enter only once its list has been open for interactionDelay (75 ms), so
    # that a key pressed as the list appears types rather than picks: a person never presses it that fast, the
    # test did, and the Enter went into the text now and then
    time.sleep(0.2)
    type_keys(page, Keys.ENTER)
    assert js(page, "return annualreportEditor.view.state.doc.line(arguments[0]).text", issuer_line + 1) == "note: "

    # inside an indicator's flow mapping: the indicator's own fields
    farm_line = line_of(page, "  farm_zones:")
    js(page, "annualreportEditor.gotoLine(arguments[0], 1)", farm_line)
    type_keys(page, Keys.ESCAPE, Keys.END, Keys.LEFT, ", ta")
    popup = wait_for(lambda: page.find_elements("css selector", ".cm-tooltip-autocomplete li"), 10, "the indicator's fields")
    assert [li.text for li in popup][0].startswith("target")
    info = wait_for(lambda: page.find_elements("css selector", ".cm-completionInfo .cm-schema-info"), 10, "the field's help")
    assert "计划" in info[0].text

    # hovering over a key shows its description
    type_keys(page, Keys.ESCAPE)
    key = next(
        el for el in page.find_elements("css selector", ".cm-line span")
        if el.text == "issuer" and js(page, "return annualreportEditor.view.state.doc.lineAt(annualreportEditor.view.posAtDOM(arguments[0])).number", el) == issuer_line
    )  # fmt: skip
    ActionChains(page).move_to_element(key).pause(0.2).move_by_offset(2, 0).perform()
    help_ = wait_for(lambda: page.find_elements("css selector", ".cm-tooltip-hover .cm-schema-info"), 10, "the hover help")
    assert "发文机关署名" in help_[0].text


def test_uploaded_zip_is_checked_with_its_tables(page: Any, tmp_path: Path):
    bundle = tmp_path / "full.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(FULL.iterdir()):
            archive.write(path, f"full/{path.name}")
    shown = preview_version(page)
    page.find_element("id", "upload-file").send_keys(str(bundle))
    wait_for(lambda: js(page, "return !document.getElementById('bundle').hidden"), 30, "the bundle to load")
    assert "full/report.yaml" in page.find_element("id", "bundle-name").text
    assert js(page, "return annualreportEditor.getText()") == (FULL / "report.yaml").read_text(encoding="utf-8")
    # its CSV table travels with every request: valid, and rendered
    wait_for(lambda: pages_current(page), 90, "the bundle's pages")
    assert problems_state(page) == "ok" and preview_version(page) > shown

    # without the bundle, the same YAML misses its table: the problem names the csv: line
    page.find_element("id", "bundle-leave").click()
    wait_for(lambda: problems_state(page) == "error", 30, "the missing table's problem")
    csv_line = line_of(page, "          csv: villages.csv")
    assert csv_line in listed_lines(page)


def test_importing_last_years_docx_fills_the_editor_with_its_report(page: Any, tmp_path: Path):
    """导入 Word: our .docx of examples/2018-gongwen goes through /api/import; the editor then holds the imported
    report.yaml (the 版头 and 版记 read back, the things to check at its top), marked as not saved, checked, and
    its pages previewed. A .docx with a picture comes as a folder, the picture beside report.yaml."""
    from annualreport.importer import import_file
    from annualreport.messages import using_language

    from .test_import_pictures import word_with_pictures
    from .tools.draw_figure import park_plan, png_bytes

    word = tmp_path / "2018公文.docx"
    word.write_bytes(ar.render_docx(ar.load(REPO / "examples" / "2018-gongwen")))
    page.find_element("id", "import-file").send_keys(str(word))
    wait_for(lambda: "document_number: 奈大政发〔2019〕3号" in js(page, "return annualreportEditor.getText()"), 60,
             "the imported report")  # fmt: skip
    with using_language("zh"):  # the page asks in Chinese: the things to check are in Chinese
        assert js(page, "return annualreportEditor.getText()") == import_file(word).yaml
    assert "已导入 2018公文.docx" in page.find_element("id", "status").text
    assert page.find_element("id", "docstate").text == "已修改" and js(page, "return document.getElementById('bundle').hidden")
    wait_for(lambda: pages_current(page), 90, "the imported report's pages")
    assert problems_state(page) == "ok" and len(page.find_elements("css selector", "#pages img")) >= 2

    pictured = word_with_pictures(tmp_path / "有图.docx", [("text", "全镇上下认真贯彻落实上级各项决策部署。"),
                                                         ("picture", (png_bytes(park_plan()), 120))])  # fmt: skip
    js(page, "annualreportEditor.state.loadedText = annualreportEditor.getText()")  # nothing to discard
    page.find_element("id", "import-file").send_keys(str(pictured))
    wait_for(lambda: "image: figures/figure-1.png" in js(page, "return annualreportEditor.getText()"), 60,
             "the imported folder")  # fmt: skip
    assert js(page, "return !document.getElementById('bundle').hidden")
    assert "有图.zip（report.yaml，共 2 个文件）" in page.find_element("id", "bundle-name").text
    wait_for(lambda: pages_current(page), 90, "the folder's pages")
    assert problems_state(page) == "ok"


def test_skeleton_save_next_year_and_docx(page: Any, downloads: Path):
    load_example(page)
    # the example edited, then 空白模板: the page asks before throwing the edit away
    js(page, "annualreportEditor.gotoLine(1, 1)")
    type_keys(page, "# 改过\n")
    page.find_element("id", "skeleton").click()
    alert = wait_for(lambda: _alert(page), 10, "the question before discarding")
    assert "放弃" in alert.text
    alert.dismiss()
    assert js(page, "return annualreportEditor.getText()").startswith("# 改过\n")
    page.find_element("id", "skeleton").click()
    wait_for(lambda: _alert(page), 10, "the question").accept()
    wait_for(lambda: "2018年度工作总结" not in js(page, "return annualreportEditor.getText()"), 30, "the skeleton")
    skeleton = js(page, "return annualreportEditor.getText()")
    wait_for(lambda: pages_current(page), 90, "the skeleton's pages")

    # 保存 YAML: the editor's text, byte for byte, as report.yaml
    before = set(downloads.iterdir())
    page.find_element("id", "save-yaml").click()
    saved = wait_for(lambda: [p for p in set(downloads.iterdir()) - before if p.name.startswith("report") and p.suffix == ".yaml"], 30, "report.yaml")
    time.sleep(0.2)
    assert saved[0].read_text(encoding="utf-8") == skeleton

    # 下载 .docx: a Word document
    before = set(downloads.iterdir())
    page.find_element("id", "download-docx").click()
    docx = wait_for(lambda: [p for p in set(downloads.iterdir()) - before if p.suffix == ".docx" and p.stat().st_size], 90, "the .docx")
    time.sleep(0.2)
    with zipfile.ZipFile(docx[0]) as archive:
        assert "word/document.xml" in archive.namelist()

    # 生成下一年: the answer of /api/new in the editor, a year later
    year = int(next(line for line in skeleton.splitlines() if line.startswith("year:")).split(":")[1])
    page.find_element("id", "next-year").click()
    wait_for(lambda: f"year: {year + 1}" in js(page, "return annualreportEditor.getText()"), 30, "next year's report")
    assert "已生成下一年的报告" in page.find_element("id", "status").text


def _alert(driver: Any) -> Any:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        return driver.switch_to.alert
    except NoAlertPresentException:
        return None
