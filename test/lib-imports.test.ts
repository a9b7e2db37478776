/**
 * Every relative import inside lib/ names a file, never a folder: tslab's notebook compiler does not
 * resolve a folder to its index.ts the way Node does, and a folder import inside lib/ once loaded a
 * second copy of the report defaults, so notebook sentences lost the study's labels.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("lib imports", () => {
  it("every relative import in lib/ names a file (./x/index, not ./x)", () => {
    const folderImports: string[] = [];
    for (const file of tsFiles("lib")) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]*)"/g)) {
        const target = resolve(dirname(file), match[1]);
        let isFolder = false;
        try {
          isFolder = statSync(target).isDirectory();
        } catch {
          isFolder = false;
        }
        if (isFolder) folderImports.push(`${file}: "${match[1]}"`);
      }
    }
    assert.deepEqual(folderImports, [], `write the folder's index explicitly: ${folderImports.join("; ")}`);
  });
});
