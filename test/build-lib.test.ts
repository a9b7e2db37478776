/**
 * The compiled library the kernel imports (scripts/build-lib.ts, scripts/notebooks/compiledLib.ts):
 * a build records what it was made from, an edit of lib/ makes it stale, the kernel's guard rebuilds
 * and unloads the old modules, a lib/ that does not compile fails with the compiler's report and
 * leaves the previous build alone, and ./lib resolves to build/ for tslab and for Node.
 * Each case works on a small project in a temporary folder (its node_modules links to ours).
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildLibrary, buildProblem, ensureLibraryBuild, LibraryBuildError, readFingerprint } from "../scripts/build-lib";
import { addLeanNodeTypes, leanDeclarations, leanNodeTypesCache, nodeTypesVersion, stripComments } from "../scripts/kernel/leanNodeTypes";
import { BuildGuard, libToBuild, nodeTypesToLean, projectTypes, redirectLibToBuild } from "../scripts/notebooks/compiledLib";

const ROOT = join(__dirname, "..");
const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A project with lib/index.ts exporting `answer = value` and lib/study/deep.ts reading ../../data. */
function project(value: number): string {
  const dir = mkdtempSync(join(tmpdir(), "kit-build-"));
  made.push(dir);
  mkdirSync(join(dir, "lib", "study"), { recursive: true });
  for (const f of ["tsconfig.json", "tsconfig.build.json"]) copyFileSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  writeLib(dir, value);
  writeFileSync(join(dir, "lib", "study", "deep.ts"), 'import { join } from "node:path";\n/** Where data/ is. */\nexport const dataDir = join(__dirname, "..", "..", "data");\n');
  return dir;
}

function writeLib(dir: string, value: number | string): void {
  writeFileSync(join(dir, "lib", "index.ts"), `/** The answer. */\nexport const answer: number = ${value};\n`);
}

function loadAnswer(dir: string): number {
  return (require(join(dir, "build", "index.js")) as { answer: number }).answer;
}

describe("npm run build:lib: lib/ compiled into build/, with a fingerprint of its sources", () => {
  it("a missing build is reported, built, then current; an edit makes it stale and ensure rebuilds it", () => {
    const dir = project(41);
    assert.equal(buildProblem(dir), "missing");
    assert.equal(ensureLibraryBuild(dir), "built");
    assert.equal(buildProblem(dir), null);
    assert.ok(existsSync(join(dir, "build", "index.d.ts")), "declarations are emitted beside the JavaScript");
    assert.equal(loadAnswer(dir), 41);
    assert.equal((require(join(dir, "build", "study", "deep.js")) as { dataDir: string }).dataDir, join(dir, "data"), "build/ keeps lib/'s depth, so paths from __dirname still find data/");
    writeLib(dir, 42);
    assert.equal(buildProblem(dir), "stale");
    assert.equal(ensureLibraryBuild(dir), "built");
    assert.equal(ensureLibraryBuild(dir), "current");
  });

  it("the kernel's guard rebuilds after an edit and unloads the old modules; a lib/ that does not compile fails every cell until fixed, keeping the previous build", () => {
    const dir = project(7);
    const first = buildLibrary(dir);
    const guard = new BuildGuard(dir);
    assert.equal(guard.ensureCurrent(), false, "nothing changed");
    assert.equal(loadAnswer(dir), 7);
    writeLib(dir, 8);
    assert.equal(guard.ensureCurrent(), true);
    assert.equal(loadAnswer(dir), 8, "the next import runs the new code");
    const second = readFingerprint(dir);
    assert.notEqual(second?.hash, first.hash);
    writeLib(dir, '"not a number"');
    assert.throws(
      () => guard.ensureCurrent(),
      (e: unknown) => e instanceof LibraryBuildError && /lib\/index\.ts/.test(e.message) && /npm run build:lib/.test(e.message),
      "the compiler's report names the file and says what to run",
    );
    assert.deepEqual(readFingerprint(dir), second, "the previous build and its fingerprint are left as they were");
    assert.equal(buildProblem(dir), "stale", "and it is known to be stale");
    assert.ok(!existsSync(join(dir, "build.lock")), "the lock is released after a failure");
    assert.throws(() => guard.ensureCurrent(), LibraryBuildError, "the next cell fails again: never silently the stale build");
    writeLib(dir, 9);
    assert.equal(guard.ensureCurrent(), true);
    assert.equal(loadAnswer(dir), 9);
  });
});

describe("./lib resolves to build/ inside the kernel", () => {
  const root = "/project";
  it("maps paths inside lib/ and leaves every other path alone", () => {
    assert.equal(libToBuild(root, "/project/lib/index.d.ts"), "/project/build/index.d.ts");
    assert.equal(libToBuild(root, "/project/lib"), "/project/build");
    assert.equal(libToBuild(root, "/project/library/x.ts"), "/project/library/x.ts");
    assert.equal(libToBuild(root, "/project/scripts/lib/x.ts"), "/project/scripts/lib/x.ts");
  });

  it("tslab's TypeScript sees build/'s declarations under lib/ names, and no lib/ sources", () => {
    const files = new Set(["/project/build/index.d.ts", "/project/build/index.js", "/project/lib/index.ts"]);
    const watched: string[] = [];
    const sys: Record<string, (...args: never[]) => unknown> = {
      fileExists: ((p: string) => files.has(p)) as never,
      readFile: ((p: string) => (files.has(p) ? `text of ${p}` : undefined)) as never,
      realpath: ((p: string) => p) as never,
      watchFile: ((p: string, cb: (f: string, k: number) => void) => {
        watched.push(p);
        cb(p, 1);
      }) as never,
    };
    redirectLibToBuild(root, sys, { _resolveFilename: (r: string) => r });
    const call = (name: string, ...a: unknown[]) => (sys[name] as (...x: unknown[]) => unknown)(...a);
    assert.equal(call("fileExists", "/project/lib/index.ts"), false, "the source is hidden, so tslab does not type-check it");
    assert.equal(call("fileExists", "/project/lib/index.d.ts"), true);
    assert.equal(call("readFile", "/project/lib/index.d.ts"), "text of /project/build/index.d.ts");
    assert.equal(call("realpath", "/project/lib/index.d.ts"), "/project/lib/index.d.ts");
    const heard: string[] = [];
    call("watchFile", "/project/lib/index.d.ts", (f: string) => heard.push(f));
    assert.deepEqual(watched, ["/project/build/index.d.ts"]);
    assert.deepEqual(heard, ["/project/lib/index.d.ts"], "the watcher reports the name tslab asked for");
  });

  it("Node loads build/ for a cell's ./lib request, and the sources for a tsx-loaded .ts module", () => {
    const loader = { _resolveFilename: (request: string, _parent?: { filename?: string | null }) => request };
    redirectLibToBuild(root, {}, loader);
    assert.equal(loader._resolveFilename("./lib/index", { filename: "/project/src.js" }), "/project/build/index");
    assert.equal(loader._resolveFilename("../lib/study/index", { filename: "/project/notes/helper.js" }), "/project/build/study/index");
    assert.equal(loader._resolveFilename("../lib/index", { filename: "/project/scripts/replicate.ts" }), "../lib/index");
    assert.equal(loader._resolveFilename("arquero", { filename: "/project/src.js" }), "arquero");
  });

  it("watches node_modules/ without its subfolders, every other folder as TypeScript asks", () => {
    const asked: [string, boolean | undefined][] = [];
    const sys: Record<string, (...args: never[]) => unknown> = {
      watchDirectory: ((p: string, _cb: unknown, recursive?: boolean) => asked.push([p, recursive])) as never,
    };
    redirectLibToBuild(root, sys, { _resolveFilename: (r: string) => r });
    const watch = (path: string, recursive: boolean) => (sys.watchDirectory as (...x: unknown[]) => unknown)(path, () => undefined, recursive);
    watch("/project/node_modules", true);
    watch("/project/node_modules/@types", true);
    watch("/project/notes", true);
    watch("/project/my_node_modules", true);
    assert.deepEqual(asked, [
      ["/project/node_modules", false],
      ["/project/node_modules/@types", true],
      ["/project/notes", true],
      ["/project/my_node_modules", true],
    ]);
  });
});

describe("tslab's program in the kernel: @types/node without comments, only the @types tsconfig.json names", () => {
  it("strips comments but keeps reference directives, and keeps a file whose declarations stripping would change", () => {
    const text = '/// <reference path="globals.d.ts" />\n/** Reads. */\ndeclare function read(p: string): string; // trailing\n/* block */ declare const n: number;\n';
    assert.equal(stripComments(text), '/// <reference path="globals.d.ts" />\n\ndeclare function read(p: string): string; \n declare const n: number;\n');
    assert.equal(leanDeclarations("a.d.ts", text), stripComments(text));
    const template = "/** A path. */\ntype Route = `/api/${string}//v1`;\n";
    assert.ok(!stripComments(template).includes("//v1"), "the scanner alone reads //v1 as a comment");
    assert.equal(leanDeclarations("b.d.ts", template), template, "so the file is kept as it is");
  });

  it("a lean copy made once is kept in node_modules/.cache and copied into the next build that has no previous one", () => {
    const root = mkdtempSync(join(tmpdir(), "kit-lean-cache-"));
    made.push(root);
    const types = join(root, "node_modules", "@types", "node");
    mkdirSync(types, { recursive: true });
    writeFileSync(join(types, "package.json"), '{ "name": "@types/node", "version": "0.0.0-test" }\n');
    writeFileSync(join(types, "index.d.ts"), "/** Reads. */\ndeclare function read(p: string): string;\n");
    const noPrevious = join(root, "no-build");
    addLeanNodeTypes(root, join(root, "first"), noPrevious);
    assert.equal(readFileSync(join(root, "first", "node-types", "index.d.ts"), "utf8"), "\ndeclare function read(p: string): string;\n");
    const cache = leanNodeTypesCache(root, "0.0.0-test");
    assert.equal(readFileSync(join(cache, "index.d.ts"), "utf8"), readFileSync(join(root, "first", "node-types", "index.d.ts"), "utf8"), "kept in the cache");
    writeFileSync(join(cache, "from-the-cache.txt"), "x");
    addLeanNodeTypes(root, join(root, "second"), noPrevious);
    assert.ok(existsSync(join(root, "second", "node-types", "from-the-cache.txt")), "the second build copied the cache instead of stripping again");
    writeFileSync(join(types, "package.json"), '{ "name": "@types/node", "version": "0.0.1-test" }\n');
    addLeanNodeTypes(root, join(root, "third"), noPrevious);
    assert.ok(!existsSync(join(root, "third", "node-types", "from-the-cache.txt")), "another @types/node version is stripped anew");
  });

  it("a build holds the lean @types/node, and tslab's converter types Node's globals and modules from it, without the other @types", () => {
    const dir = project(5);
    buildLibrary(dir);
    const lean = join(dir, "build", "node-types");
    assert.equal(nodeTypesVersion(dir), JSON.parse(readFileSync(join(lean, "package.json"), "utf8")).version);
    assert.ok(readFileSync(join(lean, "fs.d.ts"), "utf8").length < readFileSync(join(ROOT, "node_modules", "@types", "node", "fs.d.ts"), "utf8").length / 2);
    assert.deepEqual(projectTypes(dir), ["node"]);
    assert.equal(nodeTypesToLean(dir)(join(dir, "node_modules", "@types", "node", "fs.d.ts")), join(lean, "fs.d.ts"));
    assert.equal(nodeTypesToLean(dir)(join(dir, "node_modules", "@types", "nodeish", "a.d.ts")), join(dir, "node_modules", "@types", "nodeish", "a.d.ts"));
    const ts = require("@tslab/typescript-for-tslab") as { sys: Record<string, (...args: never[]) => unknown> };
    const read: string[] = [];
    const readFile = ts.sys.readFile as (path: string, encoding?: string) => string | undefined;
    ts.sys.readFile = ((path: string, encoding?: string) => (read.push(path), readFile(path, encoding))) as never;
    redirectLibToBuild(dir, ts.sys, { _resolveFilename: (r: string) => r });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { createConverter } = require("tslab/dist/converter") as { createConverter(o: object): { convert(prev: string, src: string): { diagnostics: { messageText: string }[] }; close(): void } };
      const converter = createConverter({ isJS: false, isBrowser: false });
      const cell = 'import { readFileSync } from "fs";\nimport { answer } from "./lib/index";\nconst path = require("node:path");\nconst b: Buffer = Buffer.from("x");\nsetTimeout(() => console.log(process.env.HOME, answer, b.length, readFileSync, path.sep), 1);\n';
      assert.deepEqual(converter.convert("", cell).diagnostics.map((d) => d.messageText), [], "console, process, require, Buffer, setTimeout and fs are typed");
      assert.equal(converter.convert("", 'Buffer.alloc("ten");\n').diagnostics.length, 1, "and checked");
      converter.close();
    } finally {
      process.chdir(cwd);
    }
    assert.ok(read.some((p) => p.startsWith(lean + "/")), "@types/node is read from the lean copy");
    assert.ok(!read.some((p) => /@types\/node\/.*\.d\.ts$/.test(p)), "never from node_modules");
    assert.ok(!read.some((p) => /@types\/(plotly\.js|cli-progress|estree|hast|unist|resolve)\//.test(p)), "other @types are not parsed unless imported");
  });
});

describe("the repository", () => {
  it("ignores the build and builds it on npm ci (prepare) and with npm run build:lib", () => {
    const ignore = readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n");
    assert.ok(ignore.includes("/build/"), ".gitignore lists /build/");
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts["build:lib"], "tsx scripts/build-lib.ts");
    assert.equal(scripts.prepare, "tsx scripts/build-lib.ts");
  });
});
