// The npm entry: `import { init } from "exitpoll"`. Importing has no side
// effects; the WebAssembly loads when init() is called.
export { init, createWidget, checkOptions } from "./widget.js";
