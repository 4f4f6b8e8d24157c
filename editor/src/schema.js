// Completion and hover help from the report's JSON Schema (GET /api/schema): the keys a mapping may have,
// the values an enum or a boolean allows, and each field's description (Chinese first, then English).

import { contextAt, keyAt } from "./yamlpath.js";

let schema = null;

export function setSchema(s) {
  schema = s;
}

function deref(node) {
  for (let i = 0; node && node.$ref && i < 32; i++) {
    const m = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(node.$ref);
    node = m ? (schema.definitions || schema.$defs || {})[m[1]] : null;
  }
  return node || null;
}

/** The alternatives a schema node stands for: $ref followed, anyOf/oneOf (and a wrapping allOf) flattened, null dropped. */
function alternatives(node, out = []) {
  node = deref(node);
  if (!node || typeof node !== "object") return out;
  // allOf: pydantic wraps a $ref in it to give it a description; beside properties it only holds conditions
  const wrapped = node.properties || node.items ? [] : node.allOf || [];
  const branches = [...(node.anyOf || []), ...(node.oneOf || []), ...wrapped];
  if (branches.length) {
    for (const b of branches) alternatives(b, out);
    if (node.properties || node.items) out.push(node);
  } else if (node.type !== "null") out.push(node);
  return out;
}

/** The schema nodes for `path` (keys and "[]"), each with the nearest description seen on the way. */
function resolve(path) {
  if (!schema) return [];
  let nodes = [schema];
  for (const seg of path) {
    const next = [];
    for (const alt of nodes.flatMap((n) => alternatives(n))) {
      if (seg === "[]") {
        if (alt.items) next.push(alt.items);
      } else if (alt.properties && Object.prototype.hasOwnProperty.call(alt.properties, seg)) {
        next.push(alt.properties[seg]);
      } else if (alt.additionalProperties && typeof alt.additionalProperties === "object") {
        next.push(alt.additionalProperties);
      }
    }
    if (!next.length) return [];
    nodes = next;
  }
  return nodes;
}

function describe(node) {
  const own = node.description;
  if (own) return own;
  for (const alt of alternatives(node)) if (alt.description) return alt.description;
  return "";
}

function typeLabel(node) {
  const kinds = new Set();
  for (const alt of alternatives(node)) {
    if (alt.enum) kinds.add("可选值");
    else if (alt.type === "array") kinds.add("列表");
    else if (alt.type === "object" || alt.properties) kinds.add("对象");
    else if (alt.type === "string") kinds.add("文字");
    else if (alt.type === "integer") kinds.add("整数");
    else if (alt.type === "number") kinds.add("数");
    else if (alt.type === "boolean") kinds.add("true/false");
  }
  return [...kinds].join(" 或 ");
}

function required(path) {
  const out = new Set();
  for (const alt of resolve(path).flatMap((n) => alternatives(n))) for (const r of alt.required || []) out.add(r);
  return out;
}

/** The keys the mapping at `path` may hold, each with its schema node. */
function keysAt(path) {
  const keys = new Map();
  for (const alt of resolve(path).flatMap((n) => alternatives(n))) {
    for (const [name, node] of Object.entries(alt.properties || {})) if (!keys.has(name)) keys.set(name, node);
  }
  return keys;
}

function infoNode(title, node) {
  const el = document.createElement("div");
  el.className = "cm-schema-info";
  const head = document.createElement("div");
  head.className = "cm-schema-info-head";
  head.textContent = title;
  const type = typeLabel(node);
  if (type) {
    const t = document.createElement("span");
    t.className = "cm-schema-info-type";
    t.textContent = type;
    head.append(" ", t);
  }
  el.append(head);
  const text = describe(node);
  if (text) {
    const body = document.createElement("div");
    body.textContent = text;
    el.append(body);
  }
  return el;
}

/** The completion source (@codemirror/autocomplete). */
export function schemaCompletion(context) {
  if (!schema) return null;
  const where = contextAt(context.state.doc, context.pos);
  if (!where) return null;
  if (!context.explicit && where.prefix === "" && where.kind === "key") {
    // typing on an empty line: offer keys only when asked (Ctrl-Space) or once a letter is typed
    return null;
  }
  if (where.kind === "key") {
    const must = required(where.path);
    const options = [];
    for (const [name, node] of keysAt(where.path)) {
      if (where.present && where.present.has(name) && name !== where.prefix) continue;
      options.push({
        label: name,
        type: "property",
        detail: must.has(name) ? "必填" : undefined,
        info: () => infoNode(name, node),
        apply: `${name}: `,
        boost: must.has(name) ? 1 : 0,
      });
    }
    if (!options.length) return null;
    return { from: where.from, options, validFor: /^[\w\u3400-\u9fff]*$/ };
  }
  const nodes = resolve(where.path);
  const options = [];
  const seen = new Set();
  for (const alt of nodes.flatMap((n) => alternatives(n))) {
    const values = alt.enum ? alt.enum : alt.type === "boolean" ? [true, false] : alt.const !== undefined ? [alt.const] : [];
    for (const v of values) {
      const label = typeof v === "string" ? v : JSON.stringify(v);
      if (seen.has(label) || label === "") continue;
      seen.add(label);
      options.push({ label, type: "enum", info: () => infoNode(where.path[where.path.length - 1], nodes[0]) });
    }
  }
  if (!options.length) return null;
  return { from: where.from, options, validFor: /^[\w\u3400-\u9fff]*$/ };
}

/** Hover help: the description of the key under the pointer. */
export function schemaHoverSource(view, pos) {
  if (!schema) return null;
  const key = keyAt(view.state.doc, pos);
  if (!key) return null;
  const nodes = resolve(key.path);
  if (!nodes.length) return null;
  const name = key.path[key.path.length - 1];
  return {
    pos: key.from,
    end: key.to,
    above: true,
    create: () => ({ dom: infoNode(name, nodes[0]) }),
  };
}

// for the tests in the browser
export const _internal = { resolve, keysAt, describe };
