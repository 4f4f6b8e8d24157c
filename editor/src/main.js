// The editor page of `annualreport serve`: report.yaml in CodeMirror 6, problems from POST /api/validate
// marked at their lines and listed under the editor, pages from POST /api/preview beside it, and the
// buttons of the toolbar. Everything it needs is in this bundle; it talks only to the API it came from.

import { EditorView, basicSetup } from "codemirror";
import { EditorState, Compartment } from "@codemirror/state";
import { keymap, hoverTooltip } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { schemaCompletion, schemaHoverSource, setSchema, _internal as schemaInternal } from "./schema.js";
import { contextAt } from "./yamlpath.js";
import { readZip, writeZip, findReport } from "./zip.js";
import { PHRASES } from "./phrases.js";

const PAUSE_MS = 400; // typing pause before problems and pages are asked for
const STORE_KEY = "annualreport.editor.text";

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------- state

const state = {
  version: 0, // bumped on every change of the text
  editAt: 0, // performance.now() of the last change
  loadedText: "", // the text as last loaded or saved (for "discard your changes?")
  bundle: null, // {fileName, entries, reportName} when a zip is being edited
  validateSeq: 0,
  previewSeq: 0,
  previewAbort: null,
  timer: 0,
  shownPreviewVersion: -1, // the text version the pages shown are of
  problemsVersion: -1, // the text version the problems shown are of
  timings: [], // {kind: "problems"|"preview", version, editAt, shownAt}
};

// ---------------------------------------------------------------------------------------------- editor

const readOnly = new Compartment();

const view = new EditorView({
  parent: $("editor"),
  state: EditorState.create({
    doc: "",
    extensions: [
      basicSetup,
      yaml(),
      EditorView.lineWrapping,
      indentUnit.of("  "),
      keymap.of([indentWithTab]),
      lintGutter(),
      EditorState.phrases.of(PHRASES),
      EditorState.languageData.of(() => [{ autocomplete: schemaCompletion }]),
      hoverTooltip(schemaHoverSource, { hoverTime: 350 }),
      readOnly.of([]),
      EditorView.contentAttributes.of({ "aria-label": "report.yaml 编辑区" }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) changed();
      }),
    ],
  }),
});

function getText() {
  return view.state.doc.toString();
}

function setText(text, { loaded = true } = {}) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 }, scrollIntoView: true });
  if (loaded) state.loadedText = text;
  markSaved();
}

function changed() {
  state.version++;
  state.editAt = performance.now();
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, PAUSE_MS);
  setDirty();
  try {
    localStorage.setItem(STORE_KEY, getText());
  } catch (e) {
    /* private mode: nothing kept */
  }
}

function setDirty() {
  $("docstate").textContent = getText() === state.loadedText ? "" : "已修改";
}

function markSaved() {
  setDirty();
}

// ---------------------------------------------------------------------------------------------- requests

/** The body every endpoint takes: the YAML text, or the uploaded bundle with the edited report.yaml. */
function body() {
  if (state.bundle) {
    return { body: writeZip(state.bundle.entries, { [state.bundle.reportName]: getText() }), type: "application/zip" };
  }
  return { body: getText(), type: "application/yaml; charset=utf-8" };
}

async function post(path, { signal, accept } = {}) {
  const b = body();
  return fetch(path, {
    method: "POST",
    body: b.body,
    headers: { "Content-Type": b.type, "Accept-Language": "zh-CN,zh;q=0.9", ...(accept ? { Accept: accept } : {}) },
    signal,
  });
}

function status(text, kind = "") {
  const el = $("status");
  el.textContent = text;
  el.className = kind;
}

async function failure(response) {
  if (response.status === 413) return "文件太大，服务拒收（413）。";
  if (response.status === 503) {
    const retry = response.headers.get("Retry-After");
    return `服务正忙${retry ? `，请 ${retry} 秒后再试` : "，请稍后再试"}（503）。`;
  }
  let detail = "";
  try {
    const j = await response.json();
    detail = j.detail || j.message || "";
    if (typeof detail !== "string") detail = "";
  } catch (e) {
    /* not JSON */
  }
  return `服务出错（${response.status}）${detail ? "：" + detail : "。"}`;
}

// ---------------------------------------------------------------------------------------------- problems

/** After a pause in typing: the problems first (fast), then the pages, only when there are no problems
 * (an invalid report has none to show: the last good pages stay, dimmed). */
async function refresh() {
  const valid = await validate();
  if (valid) preview();
  else if (valid === false) previewStale();
}

function previewStale() {
  state.previewSeq++; // an answer still on its way is for an older text
  if (state.previewAbort) state.previewAbort.abort();
  const preview = $("preview");
  preview.dataset.busy = "false";
  preview.dataset.stale = state.shownPreviewVersion >= 0 ? "true" : "false";
  $("preview-state").textContent = state.shownPreviewVersion >= 0 ? "有问题，显示的是上次无误时的页面" : "改正问题后显示页面";
}

async function validate() {
  const seq = ++state.validateSeq;
  const version = state.version;
  const editAt = state.editAt;
  let problems = [];
  let warnings = [];
  let missing = 0;
  try {
    const response = await post("/api/validate");
    if (seq !== state.validateSeq) return null; // a newer answer is coming
    if (response.status === 200) {
      const answer = await response.json();
      warnings = answer.warnings || [];
      missing = Number(answer.missing) || 0;
    } else if (response.status === 422) {
      problems = (await response.json()).problems || [];
    } else {
      if (seq === state.validateSeq) status(await failure(response), "error");
      return null;
    }
  } catch (e) {
    if (seq === state.validateSeq) status("连不上服务，请检查它是否仍在运行。", "error");
    return null;
  }
  if (seq !== state.validateSeq) return null;
  showProblems(problems, warnings, missing);
  state.problemsVersion = version;
  state.timings.push({ kind: "problems", version, editAt, shownAt: performance.now() });
  if (document.getElementById("status").className === "error" && /服务|连不上/.test($("status").textContent)) status("");
  return problems.length === 0;
}

/** Does a problem belong to the text in the editor (and not to a CSV table or a style of the bundle)? */
function inEditor(p) {
  if (!p.file) return true;
  const file = String(p.file).replace(/\\/g, "/");
  if (state.bundle) {
    const name = state.bundle.reportName;
    return file === name || name.endsWith("/" + file) || file.endsWith("/" + name) || (!file.includes("/") && name.split("/").pop() === file && !name.includes("/"));
  }
  return !/\.(csv|toml|png|ya?ml|json)$/i.test(file) || /(^|\/)report\.(ya?ml|json)$/i.test(file) || file.startsWith("<");
}

function showProblems(problems, warnings, missing = 0) {
  const doc = view.state.doc;
  const items = [
    ...problems.map((p) => ({ ...p, severity: "error" })),
    ...warnings.map((w) => (typeof w === "string" ? { message: w, severity: "warning" } : { ...w, severity: "warning" })),
  ];
  const diagnostics = [];
  for (const item of items) {
    item.here = inEditor(item) && Number.isInteger(item.line) && item.line >= 1;
    if (!item.here) continue;
    const line = doc.line(Math.min(item.line, doc.lines));
    const col = Number.isInteger(item.column) && item.column >= 1 ? Math.min(item.column - 1, line.length) : 0;
    // the word at the problem's column (a key, a value, a {reference}), or the whole line without a column
    const from = line.from + (col >= line.length ? 0 : col);
    const word = item.column ? /^(\{[^}\n]*\}|"[^"\n]*"|'[^'\n]*'|[^\s:,{}\[\]#]+)/.exec(line.text.slice(from - line.from)) : null;
    const to = word ? from + word[0].length : line.to > from ? line.to : Math.min(from + 1, doc.length);
    diagnostics.push({
      from,
      to,
      severity: item.severity,
      message: (item.field ? item.field + "：" : "") + item.message,
      source: "annualreport",
    });
  }
  view.dispatch(setDiagnostics(view.state, diagnostics));

  const list = $("problem-list");
  list.replaceChildren();
  const errors = problems.length;
  $("problem-count").textContent = errors ? `${errors} 个问题` : warnings.length ? `没有错误，${warnings.length} 条提示` : "没有问题";
  $("problems").dataset.state = errors ? "error" : warnings.length ? "warning" : "ok";
  if (!errors) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = missing
      ? `检查通过：报告可以生成；还有 ${missing} 个指标没有填数值，页面上显示为【待填】。`
      : "检查通过：报告可以生成。";
    list.append(li);
  }
  for (const item of items) {
    const li = document.createElement("li");
    li.className = item.severity;
    const where = document.createElement("span");
    where.className = "where";
    const file = item.file && !inEditor(item) ? String(item.file) + " " : "";
    where.textContent = item.line ? `${file}第 ${item.line} 行${item.column ? `第 ${item.column} 列` : ""}` : file || "全文";
    const field = document.createElement("span");
    field.className = "field";
    field.textContent = item.field || "";
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = item.message || "";
    li.append(where, field, message);
    if (item.here) {
      li.tabIndex = 0;
      li.dataset.line = item.line;
      li.title = "点击跳到这一行";
      const go = () => gotoLine(item.line, item.column);
      li.addEventListener("click", go);
      li.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          go();
        }
      });
    }
    list.append(li);
  }
}

function gotoLine(lineNo, column) {
  const doc = view.state.doc;
  const line = doc.line(Math.min(Math.max(1, lineNo), doc.lines));
  const pos = line.from + Math.min(Math.max(0, (column || 1) - 1), line.length);
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
  view.focus();
}

// ---------------------------------------------------------------------------------------------- preview

function previewDpi() {
  // pages drawn at the width they are shown at (A4 is 8.27 in wide), sharp on high-density screens
  const width = Math.min($("pages").clientWidth - 32, 794);
  const dpi = Math.round(((width / 8.27) * (window.devicePixelRatio || 1)) / 10) * 10;
  return Math.max(60, Math.min(150, dpi));
}

async function preview() {
  const seq = ++state.previewSeq;
  const version = state.version;
  const editAt = state.editAt;
  if (state.previewAbort) state.previewAbort.abort();
  const abort = new AbortController();
  state.previewAbort = abort;
  $("preview").dataset.busy = "true";
  $("preview-state").textContent = "正在生成预览…";
  let answer;
  try {
    const response = await post(`/api/preview?dpi=${previewDpi()}`, { signal: abort.signal });
    if (seq !== state.previewSeq) return;
    if (response.status === 422) {
      previewStale();
      return;
    }
    if (response.status !== 200) {
      $("preview").dataset.busy = "false";
      $("preview-state").textContent = await failure(response);
      return;
    }
    answer = await response.json();
  } catch (e) {
    if (seq === state.previewSeq) {
      $("preview").dataset.busy = "false";
      if (e.name !== "AbortError") $("preview-state").textContent = "连不上服务，预览未更新";
    }
    return;
  }
  if (seq !== state.previewSeq) return;
  const images = answer.pages.map((page, i) => {
    const img = new Image();
    img.src = "data:image/png;base64," + page.png;
    img.width = page.width;
    img.height = page.height;
    img.alt = `第 ${i + 1} 页`;
    img.style.aspectRatio = `${page.width} / ${page.height}`;
    return img;
  });
  try {
    await Promise.all(images.map((img) => img.decode()));
  } catch (e) {
    /* shown anyway */
  }
  if (seq !== state.previewSeq) return;
  const pages = $("pages");
  const scroll = pages.scrollTop;
  pages.replaceChildren(
    ...images.map((img, i) => {
      const figure = document.createElement("figure");
      figure.className = "page";
      const caption = document.createElement("figcaption");
      caption.textContent = `第 ${i + 1} 页`;
      figure.append(img, caption);
      return figure;
    }),
  );
  pages.scrollTop = scroll;
  state.shownPreviewVersion = version;
  const preview = $("preview");
  preview.dataset.busy = "false";
  preview.dataset.stale = "false";
  preview.dataset.version = String(Number(preview.dataset.version || 0) + 1);
  $("page-count").textContent = `共 ${images.length} 页`;
  $("preview-state").textContent = "";
  state.timings.push({ kind: "preview", version, editAt, shownAt: performance.now() });
}

// ---------------------------------------------------------------------------------------------- files

function fileName(disposition, fallback) {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ""));
    } catch (e) {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  if (plain) return (plain[2] !== undefined ? plain[2] : plain[1]).trim();
  return fallback;
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function download(format) {
  const button = $(`download-${format}`);
  button.disabled = true;
  status(`正在生成 .${format}…`);
  try {
    const response = await post(`/api/render?format=${format}`);
    if (response.status === 422) {
      const problems = (await response.json()).problems || [];
      showProblems(problems, []);
      status(`报告有 ${problems.length} 个问题，改正后才能生成 .${format}。`, "error");
      return;
    }
    if (!response.ok) {
      status(await failure(response), "error");
      return;
    }
    const blob = await response.blob();
    const name = fileName(response.headers.get("Content-Disposition"), `report.${format}`);
    save(blob, name);
    status(`已生成 ${name}。`, "ok");
  } catch (e) {
    status("连不上服务，文件未生成。", "error");
  } finally {
    button.disabled = false;
  }
}

function confirmDiscard() {
  if (getText() === state.loadedText || getText().trim() === "") return true;
  return window.confirm("编辑区里的修改还没有保存，要放弃这些修改吗？");
}

/** Edit the report.yaml of a folder (its zip's ``entries``): the rest goes along with every check and download. */
function enterBundle(fileName, entries, report) {
  state.bundle = { fileName, entries, reportName: report.name };
  $("bundle-name").textContent = `${fileName}（${report.name}，共 ${entries.length} 个文件）`;
  $("bundle").hidden = false;
}

function leaveBundle() {
  state.bundle = null;
  $("bundle").hidden = true;
}

async function load(path, what) {
  if (!confirmDiscard()) return;
  status(`正在载入${what}…`);
  try {
    const response = await fetch(path, { headers: { "Accept-Language": "zh-CN" } });
    if (!response.ok) {
      status(await failure(response), "error");
      return;
    }
    leaveBundle();
    setText(await response.text());
    status(`已载入${what}。`, "ok");
  } catch (e) {
    status("连不上服务。", "error");
  }
}

async function upload(file) {
  if (!file) return;
  if (!confirmDiscard()) return;
  try {
    const entries = await readZip(await file.arrayBuffer());
    const report = findReport(entries);
    if (!report) {
      status(`${file.name} 里没有 report.yaml。`, "error");
      return;
    }
    enterBundle(file.name, entries, report);
    setText(new TextDecoder("utf-8").decode(report.data));
    status(`已载入 ${file.name}：编辑的是其中的 ${report.name}，表格、图片和样式随文件夹一起检查和生成。`, "ok");
  } catch (e) {
    status(`无法读取 ${file.name}：${e.message}`, "error");
  }
}

const IMPORT_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  md: "text/markdown",
  txt: "text/plain",
};

/** Last year's report as the office has it (.docx, .txt, .md): the service makes it a report folder
 * (POST /api/import, as `annualreport import`); its report.yaml goes into the editor, and a folder with
 * pictures is kept as an uploaded zip is, so that they go along with every check and download. */
async function importDocument(file) {
  if (!file) return;
  if (!confirmDiscard()) return;
  const extension = file.name.toLowerCase().split(".").pop();
  if (extension === "doc") {
    status(`${file.name} 是 Word 97–2003 格式，请在 Word 或 WPS 中另存为 .docx 后再导入。`, "error");
    return;
  }
  status(`正在导入 ${file.name}…`);
  try {
    const response = await fetch(`/api/import?name=${encodeURIComponent(file.name)}`, {
      method: "POST",
      headers: { "Content-Type": IMPORT_TYPES[extension] || IMPORT_TYPES.txt, "Accept-Language": "zh-CN" },
      body: file,
    });
    if (response.status === 422) {
      const problems = (await response.json()).problems || [];
      status(`无法导入 ${file.name}：${problems.map((p) => p.message).join("；")}`, "error");
      return;
    }
    if (!response.ok) {
      status(await failure(response), "error");
      return;
    }
    const entries = await readZip(await response.arrayBuffer());
    const report = findReport(entries);
    const folderName = file.name.replace(/\.[^.]*$/, "") + ".zip";
    if (entries.length > 1) {
      enterBundle(folderName, entries, report);
    } else {
      leaveBundle();
    }
    setText(new TextDecoder("utf-8").decode(report.data), { loaded: false });
    state.loadedText = "";
    setDirty();
    status(`已导入 ${file.name}：请核对文件开头列出的待核对事项，然后保存 YAML。`, "ok");
  } catch (e) {
    status("连不上服务。", "error");
  }
}

function saveYaml() {
  const name = state.bundle ? state.bundle.reportName.split("/").pop() : "report.yaml";
  save(new Blob([getText()], { type: "text/yaml;charset=utf-8" }), name);
  state.loadedText = getText();
  markSaved();
  status(`已保存为 ${name}。`, "ok");
}

async function nextYear() {
  if (!confirmDiscard()) return;
  status("正在生成下一年的报告…");
  try {
    const response = await post("/api/new");
    if (response.status === 422) {
      const problems = (await response.json()).problems || [];
      showProblems(problems, []);
      status(`报告有 ${problems.length} 个问题，改正后才能生成下一年。`, "error");
      return;
    }
    if (!response.ok) {
      status(await failure(response), "error");
      return;
    }
    const text = await response.text();
    const wasBundle = state.bundle;
    leaveBundle();
    setText(text, { loaded: false });
    state.loadedText = "";
    setDirty();
    status(
      wasBundle
        ? "已生成下一年的报告（只含 report.yaml；表格等文件请另行放入新文件夹）。请保存 YAML。"
        : "已生成下一年的报告，请检查其中的年份和数值，然后保存 YAML。",
      "ok",
    );
  } catch (e) {
    status("连不上服务。", "error");
  }
}

// ---------------------------------------------------------------------------------------------- start

$("example").addEventListener("click", () => load("/api/example/2018", " 2018 示例"));
$("example-gongwen").addEventListener("click", () => load("/api/example/2018-gongwen", "公文示例"));
$("skeleton").addEventListener("click", () => load("/api/skeleton", "空白模板"));
$("upload").addEventListener("click", () => $("upload-file").click());
$("import").addEventListener("click", () => $("import-file").click());
$("import-file").addEventListener("change", (e) => {
  importDocument(e.target.files[0]);
  e.target.value = "";
});
$("upload-file").addEventListener("change", (e) => {
  upload(e.target.files[0]);
  e.target.value = "";
});
$("save-yaml").addEventListener("click", saveYaml);
$("next-year").addEventListener("click", nextYear);
$("download-docx").addEventListener("click", () => download("docx"));
$("download-pdf").addEventListener("click", () => download("pdf"));
$("bundle-leave").addEventListener("click", () => {
  leaveBundle();
  status("已退出文件夹：现在只检查和生成编辑区里的 YAML。", "ok");
  refresh();
});
async function start() {
  fetch("/api/schema")
    .then((r) => (r.ok ? r.json() : null))
    .then((s) => s && setSchema(s))
    .catch(() => {});
  let kept = null;
  try {
    kept = localStorage.getItem(STORE_KEY);
  } catch (e) {
    /* none */
  }
  if (kept && kept.trim()) {
    setText(kept, { loaded: false });
    state.loadedText = kept;
    status("已恢复上次在本浏览器中编辑的内容。", "ok");
  } else {
    try {
      const response = await fetch("/api/skeleton");
      if (response.ok) setText(await response.text());
    } catch (e) {
      status("连不上服务。", "error");
    }
  }
  document.body.dataset.ready = "true";
}

start();

// for the browser test and benchmarks/bench_editor.py
window.annualreportEditor = { view, state, getText, setText, gotoLine, contextAt: (pos) => contextAt(view.state.doc, pos), schema: schemaInternal };
