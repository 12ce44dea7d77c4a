// The exitpoll package needs no plugin and no options; this file only sets
// a relative base so the built store can be served from any path.
export default { base: "./", build: { target: "es2022" } };
