// Where the cursor is in a report.yaml, as a path of keys ("[]" for a list item), found from the lines'
// indentation alone: the text being edited is often not valid YAML, so no parser is asked.

const KEY = /^([^\s#:{}\[\],&*!|>'"%@`-][^:#{}\[\],]*?|-[^\s:#{}\[\],][^:#{}\[\],]*?)\s*:(?=\s|$)/;

/** One line's structure: its list dashes' columns, its key (name, column, whether the value is a block). */
export function parseLine(text) {
  const dashes = [];
  let i = 0;
  for (;;) {
    while (i < text.length && text[i] === " ") i++;
    if (text[i] === "-" && (i + 1 === text.length || text[i + 1] === " ")) {
      dashes.push(i);
      i += 1;
    } else break;
  }
  const rest = text.slice(i);
  if (rest === "" || rest.startsWith("#")) return { dashes, key: null, col: i, blank: dashes.length === 0 };
  const m = KEY.exec(rest);
  if (!m) return { dashes, key: null, col: i, blank: false };
  const name = unquote(m[1].trim());
  const after = rest.slice(m[0].length).replace(/\s+#.*$/, "").trim();
  const block = after === "" || /^[|>][-+0-9]*$/.test(after) || /^&\S+$/.test(after);
  return { dashes, key: name, col: i, block, blank: false, value: after };
}

function unquote(s) {
  return s.replace(/^(['"])(.*)\1$/, "$2");
}

/**
 * The path of the mapping that holds a key written at column `col` on line `lineNo` (1-based), given the
 * dashes that line itself opens (`ownDashes`). Returns an array of segments, outermost first.
 */
export function parentPath(doc, lineNo, col, ownDashes) {
  const path = ownDashes.map(() => "[]");
  let needList = ownDashes.length > 0;
  let target = needList ? ownDashes[0] : col;
  for (let n = lineNo - 1; n >= 1; n--) {
    const line = parseLine(doc.line(n).text);
    if (line.blank) continue;
    if (line.key === null && line.dashes.length === 0) {
      // a continuation of a block scalar or a comment: only its indentation matters
      const indent = doc.line(n).text.search(/\S/);
      if (indent >= 0 && indent < target && !doc.line(n).text.trimStart().startsWith("#")) return null;
      continue;
    }
    const first = line.dashes.length ? line.dashes[0] : line.col;
    if (needList) {
      if (line.key !== null && line.block && line.col <= target && first <= target && !(line.dashes.length && line.dashes[0] === target)) {
        path.unshift(line.key);
        for (let d = 0; d < line.dashes.length; d++) path.unshift("[]");
        needList = line.dashes.length > 0;
        target = first;
        continue;
      }
      if (first < target) return null;
      continue;
    }
    if (line.key !== null && line.col === target && line.dashes.length) {
      // the first key of the list item that holds ours
      for (let d = 0; d < line.dashes.length; d++) path.unshift("[]");
      needList = true;
      target = line.dashes[0];
      continue;
    }
    if (line.key !== null && line.col < target && line.block) {
      path.unshift(line.key);
      for (let d = 0; d < line.dashes.length; d++) path.unshift("[]");
      needList = line.dashes.length > 0;
      target = first;
      continue;
    }
    if (first < target) return null;
  }
  return needList && target > 0 ? null : path;
}

/** The keys already written in the mapping at `path`'s level around line `lineNo` (same column). */
export function siblingKeys(doc, lineNo, col) {
  const keys = new Set();
  for (const dir of [-1, 1]) {
    for (let n = lineNo + dir; n >= 1 && n <= doc.lines; n += dir) {
      const text = doc.line(n).text;
      const line = parseLine(text);
      if (line.blank) continue;
      const first = line.dashes.length ? line.dashes[0] : line.col;
      if (line.key !== null && line.col === col) {
        keys.add(line.key);
        if (line.dashes.length && line.dashes[line.dashes.length - 1] < col) break; // start of the item
        continue;
      }
      if (first < col) break;
    }
  }
  return keys;
}

/** Index of the last unmatched "{" in `s`, ignoring quoted text, or -1. */
export function openBrace(s) {
  const stack = [];
  let quote = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "{") stack.push(i);
    else if (c === "}") stack.pop();
    else if (c === "#" && (i === 0 || s[i - 1] === " ")) break;
  }
  return stack.length ? stack[stack.length - 1] : -1;
}

/**
 * What the cursor at `pos` is writing:
 *   {kind: "key", path, from, prefix, present}  — a key of the mapping at `path`;
 *   {kind: "value", path, from, prefix}         — the value of the key at `path`;
 *   null when it cannot tell.
 */
export function contextAt(doc, pos) {
  const line = doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  const brace = openBrace(before);
  if (brace >= 0) {
    // inside a flow mapping on this line: `key: {label: ..., val|`
    const head = parseLine(before.slice(0, brace));
    if (head.key === null) return null;
    const outer = parentPath(doc, line.number, head.col, head.dashes);
    if (outer === null) return null;
    const path = [...outer, head.key];
    const inner = before.slice(brace + 1);
    const part = inner.slice(inner.lastIndexOf(",") + 1);
    const present = new Set();
    for (const m of inner.matchAll(/(?:^|,)\s*([^:,{}\s][^:,{}]*?)\s*:/g)) present.add(m[1].trim());
    const kv = /^\s*([^:,{}\s][^:,{}]*?)\s*:\s*([^,{}]*)$/.exec(part);
    if (kv) return { kind: "value", path: [...path, kv[1]], from: pos - kv[2].length, prefix: kv[2] };
    const km = /^\s*([^:,{}\s]*)$/.exec(part);
    if (!km) return null;
    return { kind: "key", path, from: pos - km[1].length, prefix: km[1], present };
  }
  const parsed = parseLine(before);
  if (parsed.key !== null) {
    // after `key: `: its value
    const m = KEY.exec(before.slice(parsed.col));
    const value = before.slice(parsed.col + m[0].length).replace(/^\s+/, "");
    const outer = parentPath(doc, line.number, parsed.col, parsed.dashes);
    if (outer === null) return null;
    return { kind: "value", path: [...outer, parsed.key], from: pos - value.length, prefix: value };
  }
  const word = /^(\s*(?:-\s+)*)([^\s:#{}\[\],]*)$/.exec(before);
  if (!word) return null;
  const col = word[1].length;
  const path = parentPath(doc, line.number, col, parsed.dashes);
  if (path === null) return null;
  return { kind: "key", path, from: pos - word[2].length, prefix: word[2], present: siblingKeys(doc, line.number, col) };
}

/** The key under `pos` and its full path, for hover help; null when `pos` is not on a key. */
export function keyAt(doc, pos) {
  const line = doc.lineAt(pos);
  const offset = pos - line.from;
  const parsed = parseLine(line.text);
  if (parsed.key !== null) {
    const m = KEY.exec(line.text.slice(parsed.col));
    const end = parsed.col + m[1].length;
    if (offset >= parsed.col && offset <= end) {
      const outer = parentPath(doc, line.number, parsed.col, parsed.dashes);
      if (outer === null) return null;
      return { path: [...outer, parsed.key], from: line.from + parsed.col, to: line.from + end };
    }
  }
  // a key inside a flow mapping: `{label: x, value: 6}`
  const brace = openBrace(line.text.slice(0, offset));
  if (brace >= 0 && parsed.key !== null) {
    const re = /[{,]\s*([^:,{}\s][^:,{}]*?)\s*:/g;
    re.lastIndex = brace;
    for (let m; (m = re.exec(line.text)); ) {
      const start = m.index + m[0].indexOf(m[1]);
      if (offset >= start && offset <= start + m[1].length) {
        const outer = parentPath(doc, line.number, parsed.col, parsed.dashes);
        if (outer === null) return null;
        return { path: [...outer, parsed.key, m[1]], from: line.from + start, to: line.from + start + m[1].length };
      }
    }
  }
  return null;
}
