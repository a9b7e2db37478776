/**
 * scripts/kernel/plainBuilder.ts replaces the builder program tslab's converter asks TypeScript for.
 * It must give tslab what TypeScript's builder gives: the same dependencies of a file (the side
 * inputs tslab compiles, e.g. lib/'s sources under KIT_LIB_SOURCES=1) and the same conversions of
 * cells, byte for byte.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import type * as TS from "typescript";
import { plainBuilderProgram, usePlainBuilder } from "../scripts/kernel/plainBuilder";
import { useCompiledLib } from "../scripts/notebooks/compiledLib";

const root = join(__dirname, "..");
const ts = require("@tslab/typescript-for-tslab") as typeof TS;

/** A small project with every kind of reference TypeScript's builder follows. */
const FIXTURE: Record<string, string> = {
  "cell.ts": 'import { b } from "./b";\nimport type { Shape } from "./shapes";\nimport "./augment";\nexport const c: Shape = { side: b };\n',
  "b.ts": '/// <reference path="./notes.d.ts" />\n/// <reference types="kit-fixture" />\nimport { helper } from "./helper.js";\nexport const b = helper() + 1;\n',
  "helper.js": "export function helper() { return 1; }\n",
  "shapes.d.ts": "export interface Shape { side: number }\n",
  "notes.d.ts": "declare const NOTE: string;\n",
  "augment.ts": 'declare module "./shapes" { interface Shape { colour?: string } }\nexport {};\n',
  "twice-a.d.ts": 'declare module "twice" { export const a: number; }\n',
  "twice-b.d.ts": 'declare module "twice" { export const b: number; }\n',
  "script.ts": "const looseScript = 1;\n",
  "global.ts": "export {};\ndeclare global { var kitGlobal: number; }\n",
  "alone.ts": "export const alone = 1;\n",
  "node_modules/@types/kit-fixture/index.d.ts": "declare const kitFixture: number;\n",
};

describe("plainBuilderProgram", () => {
  const folder = mkdtempSync(join(tmpdir(), "plain-builder-"));
  after(() => rmSync(folder, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  const options: TS.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022, allowJs: true, checkJs: true, declaration: true, outDir: join(folder, "out"), rootDir: folder, skipLibCheck: true, noEmit: false };
  const roots = Object.keys(FIXTURE).filter((name) => !name.startsWith("node_modules")).map((name) => join(folder, name));
  /** A host whose source files carry versions, as the builder requires (the watch host sets them). */
  const versionedHost = (): TS.CompilerHost => {
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, onError, fresh) => {
      const file = getSourceFile(name, language, onError, fresh);
      if (file) (file as TS.SourceFile & { version?: string }).version = "1";
      return file;
    };
    return host;
  };
  const theirs = ts.createEmitAndSemanticDiagnosticsBuilderProgram(roots, options, versionedHost());
  const ours = plainBuilderProgram(ts, roots, options, versionedHost(), undefined);
  const sorted = (files: readonly string[]) => [...files].sort();

  for (const name of ["cell.ts", "b.ts", "augment.ts", "alone.ts", "script.ts", "global.ts"]) {
    it(`gives the dependencies TypeScript's builder gives for ${name}`, () => {
      const file = join(folder, name);
      const expected = sorted(theirs.getAllDependencies(theirs.getSourceFile(file) as TS.SourceFile));
      assert.deepEqual(sorted(ours.getAllDependencies(ours.getSourceFile(file) as TS.SourceFile)), expected);
      assert.ok(expected.length > 1, "the fixture gives each file something to depend on");
    });
  }

  it("emits a file as TypeScript's builder does", () => {
    const emitted = (program: { emit: TS.Program["emit"]; getSourceFile(name: string): TS.SourceFile | undefined }) => {
      const out: string[] = [];
      program.emit(program.getSourceFile(join(folder, "cell.ts")), (fileName, text) => out.push(`${fileName}\n${text}`));
      return out.sort();
    };
    const expected = emitted(theirs);
    assert.equal(expected.length, 2, "the JavaScript and the declarations");
    assert.deepEqual(emitted(ours), expected);
  });
});

describe("tslab's converter with the plain builder", () => {
  it("converts a notebook's cells byte for byte as with TypeScript's builder", () => {
    useCompiledLib(root);
    const converterPath = require.resolve("tslab/dist/converter");
    assert.equal(require.cache[converterPath], undefined, "this test loads tslab's converter itself");
    const withBuilder = require(converterPath) as { createConverter(o?: object): Converter };
    delete require.cache[converterPath];
    assert.equal(usePlainBuilder(root), true);
    const withPlain = require(converterPath) as { createConverter(o?: object): Converter };
    assert.notEqual(withPlain, withBuilder);
    const notebook = JSON.parse(readFileSync(join(root, "notebooks", "04_endogeneity.ipynb"), "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
    const cells = notebook.cells.filter((c) => c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source));
    cells.splice(3, 0, 'const wrong: number = "a string";'); // a cell with a type error: same diagnostics
    const convertAll = (module: { createConverter(o?: object): Converter }) => {
      const cwd = process.cwd();
      process.chdir(root);
      const converter = module.createConverter({});
      try {
        let declarations = "";
        return cells.map((cell) => {
          const result = converter.convert(declarations, cell);
          if (result.diagnostics.length === 0) declarations = result.declOutput ?? "";
          return JSON.stringify(result);
        });
      } finally {
        converter.close();
        process.chdir(cwd);
      }
    };
    const expected = convertAll(withBuilder);
    const actual = convertAll(withPlain);
    assert.ok(expected.some((c) => c.includes('"diagnostics":[{')), "the inserted cell's type error is reported");
    assert.ok(expected.filter((c) => c.includes('"output"')).length >= cells.length - 1, "the other cells convert");
    assert.deepEqual(actual, expected);
  });
});

interface Converter {
  convert(previousDeclarations: string, source: string): { diagnostics: unknown[]; declOutput?: string };
  close(): void;
}
