// Gives the glue the short import, export and module names that
// `wasm-opt --minify-imports-and-exports-and-modules` gave the module.
//
//   node minify-names.mjs MODULE.wasm NAMES.json GLUE.js
//
// wasm-bindgen names every import after its binding and a hash
// (`__wbg_setAttribute_8f2b…`), about 150 of them, and the module and the
// glue each carry every name: shortening them saved 3.0 KB gzip of the
// module and 1.2 KB of exitpoll.js (2026-12-03), which the 90 KB budget needs.
//
// NAMES.json is what that pass printed: {"imports": [[module, name, new
// name], ...], "exports": [[name, new name], ...]}. GLUE.js (wasm-bindgen's
// output for the module before the pass) is rewritten in place. Every name
// must be found where wasm-bindgen puts it, and afterwards the glue must use
// only names the module has; anything else fails the build rather than ship
// glue that cannot load its module.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, namesPath, gluePath] = process.argv.slice(2);
if (!gluePath) {
  console.error("usage: node minify-names.mjs MODULE.wasm NAMES.json GLUE.js");
  process.exit(2);
}
const fail = (message) => {
  console.error(`minify-names: ${gluePath}: ${message}`);
  process.exit(1);
};
const names = JSON.parse(readFileSync(namesPath, "utf8"));
const module = new WebAssembly.Module(readFileSync(wasmPath));
const imports = WebAssembly.Module.imports(module);
const exports = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
const modules = [...new Set(imports.map((i) => i.module))];
const oldModules = [...new Set(names.imports.map(([m]) => m))];
if (modules.length !== 1 || oldModules.length !== 1) {
  fail(`expected one import module, found ${modules.join(", ")} (was ${oldModules.join(", ")})`);
}
let glue = readFileSync(gluePath, "utf8");
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const replace = (pattern, by) => {
  let count = 0;
  glue = glue.replace(pattern, () => {
    count += 1;
    return by;
  });
  return count;
};

if (replace(new RegExp(`${escape(JSON.stringify(oldModules[0]))}: import0`, "g"), `${JSON.stringify(modules[0])}: import0`) !== 1) {
  fail(`the import object for module ${oldModules[0]} is not where wasm-bindgen puts it`);
}
for (const [, name, short] of names.imports) {
  if (replace(new RegExp(`(?<=\\n\\s+)${escape(name)}(?=: function\\()`, "g"), JSON.stringify(short)) !== 1) {
    fail(`import ${name} is not defined exactly once`);
  }
}
for (const [name, short] of names.exports) {
  replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, "g"), `wasm[${JSON.stringify(short)}]`);
}
for (const [, used] of glue.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)) {
  if (!exports.has(used)) fail(`uses wasm.${used}, which the module does not export`);
}
for (const [, used] of glue.matchAll(/\bwasm\["([^"]+)"\]/g)) {
  if (!exports.has(used)) fail(`uses wasm["${used}"], which the module does not export`);
}
writeFileSync(gluePath, glue);
