// The repository's Markdown stands on its own: every relative link resolves
// to a file in the repository, and nothing points outside it (a reader of the
// project has nothing else).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = execFileSync("git", ["ls-files", "*.md"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  .filter((f) => f && !f.startsWith("pkg/") && !f.includes("node_modules/"));

test("every relative link in the Markdown resolves inside the repository", () => {
  const broken = [];
  let checked = 0;
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target) || target.startsWith("#")) continue;
      const path = resolve(ROOT, dirname(file), decodeURI(target.split("#")[0]));
      checked += 1;
      if (relative(ROOT, path).startsWith("..")) broken.push(`${file}: ${target} leaves the repository`);
      else if (!existsSync(path)) broken.push(`${file}: ${target} does not exist`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked > 5, `only ${checked} links found`);
});

test("nothing in the repository points to ../shared or cites a section of a spec users do not have", () => {
  let all = "";
  try {
    const patterns = ["-e", "\\.\\./shared", "-e", "spec section", "-e", "spec\\.md"];
    all = execFileSync("git", ["grep", "-l", "-i", ...patterns, "--", ":!tests/docs.test.mjs"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch (e) {
    // git grep answers 1 when nothing matches.
    if (e.status !== 1) throw e;
  }
  assert.equal(all, "", `files that point outside the repository:\n${all}`);
});
