// Parse AsyncAPI documents with the official parser; print each one's diagnostics as JSON.
// node validate.mjs doc1.json [doc2.json ...]  ->  {"doc1.json": [{severity, code, message, path}]}
import { readFile } from "node:fs/promises";
import { Parser } from "@asyncapi/parser";

const parser = new Parser();
const results = {};
for (const file of process.argv.slice(2)) {
  const { diagnostics } = await parser.parse(await readFile(file, "utf8"));
  results[file] = diagnostics.map((d) => ({
    severity: d.severity, // 0 error, 1 warning, 2 info, 3 hint
    code: String(d.code),
    message: d.message,
    path: d.path.join("/"),
  }));
}
process.stdout.write(JSON.stringify(results));
