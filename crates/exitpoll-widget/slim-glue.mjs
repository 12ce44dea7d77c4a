// Makes wasm-bindgen's glue for a module smaller, in three rewrites:
// - the short import and export names that
//   `wasm-opt --minify-imports-and-exports-and-modules` gave the module;
// - a smaller init in place of wasm-bindgen's `__wbg_init`, `__wbg_load` and
//   `initSync`, which the host never calls (it always passes a `fetch`
//   promise, and needs no synchronous start);
// - no finalizer, `Symbol.dispose` or `TextEncoder.encodeInto` fallback: the
//   host frees every widget it starts itself, and every browser that runs the
//   module (reference types, ES2022) has `encodeInto`.
//
//   node slim-glue.mjs MODULE.wasm NAMES.json GLUE.js
//
// NAMES.json is what that pass printed: {"imports": [[module, name, new
// name], ...], "exports": [[name, new name], ...]}. GLUE.js (wasm-bindgen's
// output for the module before the pass) is rewritten in place. Every name
// and the init must be found where wasm-bindgen puts them, and afterwards the
// glue must use only names the module has; anything else fails the build
// rather than ship glue that cannot load its module.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, namesPath, gluePath] = process.argv.slice(2);
if (!gluePath) {
  console.error("usage: node slim-glue.mjs MODULE.wasm NAMES.json GLUE.js");
  process.exit(2);
}
const fail = (message) => {
  console.error(`slim-glue: ${gluePath}: ${message}`);
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
  if (replace(new RegExp(`(?<=\\n\\s+)${escape(name)}(?=: function\\()`, "g"), short) !== 1) {
    fail(`import ${name} is not defined exactly once`);
  }
}
for (const [name, short] of names.exports) {
  replace(new RegExp(`(?<=\\bwasm\\.)${escape(name)}\\b`, "g"), short);
}
for (const [, used] of glue.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)) {
  if (!exports.has(used)) fail(`uses wasm.${used}, which the module does not export`);
}

// What the host does not need (see the top). Each must be found once.
const drop = (pattern, by, what) => {
  if (replace(pattern, by) !== 1) fail(`${what} is not where this script expects it (another wasm-bindgen version?)`);
};
drop(
  /^const WidgetFinalization = \(typeof FinalizationRegistry === 'undefined'\)\n\s+\? \{ register: \(\) => \{\}, unregister: \(\) => \{\} \}\n\s+: new FinalizationRegistry\(ptr => wasm\.[\w$]+\(ptr, 1\)\);$/gm,
  "const WidgetFinalization = { register() {}, unregister() {} };",
  "the finalizer",
);
drop(/^if \(Symbol\.dispose\) Widget\.prototype\[Symbol\.dispose\] = Widget\.prototype\.free;\n/gm, "", "Symbol.dispose");
drop(/^if \(!\('encodeInto' in cachedTextEncoder\)\) \{\n[^]*?\n\}\n/gm, "", "the encodeInto fallback");

// wasm-bindgen's init: everything from its loader to the end of the file.
const initAt = glue.indexOf("async function __wbg_load(");
const init = glue.slice(initAt);
if (initAt < 0 || !init.includes("function initSync(") || !init.trimEnd().endsWith("export { initSync, __wbg_init as default };")) {
  fail("wasm-bindgen's init is not where this script expects it (another wasm-bindgen version?)");
}
glue = glue.slice(0, initAt);
if (/\b(__wbg_load|__wbg_init|initSync)\b/.test(glue)) fail("something else uses wasm-bindgen's init");
glue += `// exitpoll (slim-glue.mjs): the module from a fetch() promise, once.
let __wbg_init_promise;
function __wbg_init({ module_or_path }) {
    if (__wbg_init_promise === undefined) {
        __wbg_init_promise = __wbg_init_once(module_or_path);
        // A failed start may be tried again.
        __wbg_init_promise.catch(() => { __wbg_init_promise = undefined; });
    }
    return __wbg_init_promise;
}

async function __wbg_init_once(module_or_path) {
    const response = await module_or_path;
    if (!response.ok) throw new Error(\`HTTP \${response.status} for \${response.url}\`);
    const imports = __wbg_get_imports();
    let result;
    try {
        result = await WebAssembly.instantiateStreaming(response, imports);
    } catch (e) {
        // Served without the WebAssembly MIME type: streaming compilation
        // refuses it before reading the body, which then compiles as bytes.
        if (response.headers.get("Content-Type") === "application/wasm") throw e;
        result = await WebAssembly.instantiate(await response.arrayBuffer(), imports);
    }
    return __wbg_finalize_init(result.instance, result.module);
}

export { __wbg_init as default };
`;
writeFileSync(gluePath, glue);
