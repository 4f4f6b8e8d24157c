// `make editor`: src/main.js and the CodeMirror packages it imports -> one minified bundle,
// ../src/annualreport/server/static/editor.js, and THIRD_PARTY_LICENSES beside it listing every
// package in that bundle with its licence text. Same sources -> same bytes.
import { build } from "esbuild";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "annualreport", "server", "static");

const result = await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome100", "firefox100", "safari15", "edge100"],
  legalComments: "none",
  charset: "utf8",
  metafile: true,
  outfile: join(out, "editor.js"),
  banner: { js: "/* annualreport editor — bundled third-party code: see THIRD_PARTY_LICENSES */" },
});

const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m && !packages.has(m[1])) packages.set(m[1], join(here, "node_modules", m[1]));
}

const sections = [
  "Third-party software in editor.js (the annualreport editor bundle, built by editor/build.mjs)",
  "",
  ...[...packages.keys()].sort().map((name) => {
    const meta = JSON.parse(readFileSync(join(packages.get(name), "package.json"), "utf8"));
    return `  ${name} ${meta.version} — ${meta.license}`;
  }),
  "",
];
for (const name of [...packages.keys()].sort()) {
  const dir = packages.get(name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
  if (!file) throw new Error(`${name}: no licence file`);
  sections.push("=".repeat(100), `${name} ${meta.version} (${meta.license})`, "=".repeat(100), "");
  sections.push(readFileSync(join(dir, file), "utf8").trim(), "");
}
writeFileSync(join(out, "THIRD_PARTY_LICENSES"), sections.join("\n"));
console.log(`editor.js: ${packages.size} packages bundled: ${[...packages.keys()].sort().join(", ")}`);
