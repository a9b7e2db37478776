/**
 * A lighter stand-in for the builder program tslab's converter asks TypeScript's watch API for.
 *
 * tslab (converter.js) builds its program with `ts.createWatchCompilerHost(…, createProgram = null)`,
 * so every cell's program update goes through `createEmitAndSemanticDiagnosticsBuilderProgram`. That
 * builder re-creates its state for every file of the program at each update: for each of the ≈ 600
 * declaration files it lists the files it references, walking all the program's ambient modules once
 * per file. tslab uses none of what that state is for (incremental emit, cached diagnostics); it asks
 * the builder for the program, source files, one file's emit, and the files the cell depends on.
 *
 * `plainBuilderProgram` gives it exactly that over a plain `ts.createProgram` (old program reused as
 * the builder does), computing a file's dependencies only when asked, from the cell outwards, by the
 * same rules as TypeScript's BuilderState (builderState.ts, getReferencedFiles/getAllDependencies): a
 * module import counts the files declaring the imported symbol; `/// <reference path>` and type
 * reference directives count their files; a module augmentation or an ambient module declared in
 * several files counts the files declaring it; a file that is not a module depends on every file.
 */
import type * as TS from "typescript";

type Ts = typeof TS;

/** What tslab's converter and TypeScript's watch program call on a builder program. */
export interface PlainBuilderProgram {
  getProgram(): TS.Program;
  getProgramOrUndefined(): TS.Program | undefined;
  releaseProgram(): void;
  getCompilerOptions(): TS.CompilerOptions;
  getSourceFile(fileName: string): TS.SourceFile | undefined;
  getSourceFiles(): readonly TS.SourceFile[];
  getOptionsDiagnostics(cancellationToken?: TS.CancellationToken): readonly TS.Diagnostic[];
  getGlobalDiagnostics(cancellationToken?: TS.CancellationToken): readonly TS.Diagnostic[];
  getConfigFileParsingDiagnostics(): readonly TS.Diagnostic[];
  getSyntacticDiagnostics(sourceFile?: TS.SourceFile, cancellationToken?: TS.CancellationToken): readonly TS.Diagnostic[];
  getDeclarationDiagnostics(sourceFile?: TS.SourceFile, cancellationToken?: TS.CancellationToken): readonly TS.Diagnostic[];
  getSemanticDiagnostics(sourceFile?: TS.SourceFile, cancellationToken?: TS.CancellationToken): readonly TS.Diagnostic[];
  getAllDependencies(sourceFile: TS.SourceFile): readonly string[];
  emit(targetSourceFile?: TS.SourceFile, writeFile?: TS.WriteFileCallback, cancellationToken?: TS.CancellationToken, emitOnlyDtsFiles?: boolean, customTransformers?: TS.CustomTransformers): TS.EmitResult;
  getCurrentDirectory(): string;
}

/**
 * The TypeScript internals the dependency walk reads, as builderState.ts reads them (present in
 * tslab's fork, TypeScript 5.0.4, which tslab 1.0.22 pins; not in TypeScript's public typings).
 */
interface InternalSourceFile extends TS.SourceFile {
  resolvedPath: TS.Path;
  imports?: readonly TS.StringLiteralLike[];
  moduleAugmentations?: readonly (TS.StringLiteral | TS.Identifier)[];
  resolvedTypeReferenceDirectiveNames?: { forEach(visit: (entry: { resolvedTypeReferenceDirective?: { resolvedFileName?: string } }) => void): void };
}
interface InternalProgram extends TS.Program {
  getProjectReferenceRedirect(fileName: string): string | undefined;
  getCanonicalFileName(fileName: string): string;
  getSourceFileByPath(path: TS.Path): InternalSourceFile | undefined;
}
interface InternalTs {
  toPath(fileName: string, basePath: string | undefined, getCanonicalFileName: (name: string) => string): TS.Path;
  getDirectoryPath(path: string): string;
  isJsonSourceFile(file: TS.SourceFile): boolean;
}

/** The resolved paths of the files declaring `symbol`, `except` left out. */
function declaringFiles(symbol: TS.Symbol | undefined, except?: TS.SourceFile): TS.Path[] {
  const files: TS.Path[] = [];
  for (const declaration of symbol?.declarations ?? []) {
    const file = declaration.getSourceFile() as InternalSourceFile;
    if (file !== except) files.push(file.resolvedPath);
  }
  return files;
}

/** The files `file` references directly (TypeScript's BuilderState rules, listed in the file comment). */
function referencedFiles(ts: Ts & InternalTs, program: InternalProgram, file: InternalSourceFile, sharedAmbient: readonly TS.Path[]): Set<TS.Path> {
  const out = new Set<TS.Path>(sharedAmbient);
  const checker = program.getTypeChecker();
  const folder = ts.getDirectoryPath(file.resolvedPath);
  const toPath = (name: string): TS.Path => ts.toPath(program.getProjectReferenceRedirect(name) ?? name, folder, (n) => program.getCanonicalFileName(n));
  for (const name of file.imports ?? []) for (const path of declaringFiles(checker.getSymbolAtLocation(name))) out.add(path);
  for (const reference of file.referencedFiles) out.add(toPath(reference.fileName));
  file.resolvedTypeReferenceDirectiveNames?.forEach(({ resolvedTypeReferenceDirective }) => {
    const resolved = resolvedTypeReferenceDirective?.resolvedFileName;
    if (resolved) out.add(toPath(resolved));
  });
  for (const name of file.moduleAugmentations ?? []) {
    if (ts.isStringLiteral(name)) for (const path of declaringFiles(checker.getSymbolAtLocation(name), file)) out.add(path);
  }
  out.delete(file.resolvedPath);
  return out;
}

/** True when the file's declarations reach the global scope: a script, or a module with `declare global`. */
function affectsGlobalScope(ts: Ts & InternalTs, file: InternalSourceFile): boolean {
  if (!ts.isExternalModule(file) && !ts.isJsonSourceFile(file)) return true;
  return (file.moduleAugmentations ?? []).some((name) => !ts.isStringLiteral(name));
}

/**
 * Creates the program as the builder would (`oldProgram` reused), without the builder's per-file
 * state. Has the signature of TypeScript's `CreateProgram<BuilderProgram>`.
 */
export function plainBuilderProgram(
  ts: Ts,
  rootNames: readonly string[] | undefined,
  options: TS.CompilerOptions | undefined,
  host: TS.CompilerHost | undefined,
  oldBuilder: PlainBuilderProgram | undefined,
  configFileParsingDiagnostics?: readonly TS.Diagnostic[],
  projectReferences?: readonly TS.ProjectReference[],
): PlainBuilderProgram {
  const internalTs = ts as Ts & InternalTs;
  const oldProgram = oldBuilder?.getProgramOrUndefined();
  const program = (
    rootNames === undefined && oldProgram
      ? oldProgram
      : ts.createProgram({ rootNames: rootNames ?? [], options: options ?? {}, host, oldProgram, configFileParsingDiagnostics, projectReferences })
  ) as InternalProgram;
  // Binds every file, as the builder's state does on creation: tslab reads the cell's `locals` next.
  program.getTypeChecker();
  let sharedAmbient: TS.Path[] | undefined;
  const dependencies = (file: TS.SourceFile): readonly string[] => {
    if (affectsGlobalScope(internalTs, file as InternalSourceFile)) return program.getSourceFiles().map((f) => f.fileName);
    // An ambient module declared in several files: every file references all of its declarations.
    sharedAmbient ??= program.getTypeChecker().getAmbientModules().flatMap((m) => ((m.declarations?.length ?? 0) > 1 ? declaringFiles(m) : []));
    const seen = new Set<TS.Path>();
    const queue = [(file as InternalSourceFile).resolvedPath];
    while (queue.length > 0) {
      const path = queue.pop() as TS.Path;
      if (seen.has(path)) continue;
      seen.add(path);
      const next = program.getSourceFileByPath(path);
      if (next) for (const reference of referencedFiles(internalTs, program, next, sharedAmbient)) queue.push(reference);
    }
    return [...seen].map((path) => program.getSourceFileByPath(path)?.fileName ?? path);
  };
  return {
    getProgram: () => program,
    getProgramOrUndefined: () => program,
    releaseProgram: () => undefined,
    getCompilerOptions: () => program.getCompilerOptions(),
    getSourceFile: (fileName) => program.getSourceFile(fileName),
    getSourceFiles: () => program.getSourceFiles(),
    getOptionsDiagnostics: (token) => program.getOptionsDiagnostics(token),
    getGlobalDiagnostics: (token) => program.getGlobalDiagnostics(token),
    getConfigFileParsingDiagnostics: () => program.getConfigFileParsingDiagnostics(),
    getSyntacticDiagnostics: (file, token) => program.getSyntacticDiagnostics(file, token),
    getDeclarationDiagnostics: (file, token) => program.getDeclarationDiagnostics(file, token),
    getSemanticDiagnostics: (file, token) => program.getSemanticDiagnostics(file, token),
    getAllDependencies: dependencies,
    emit: (file, writeFile, token, dtsOnly, transformers) => program.emit(file, writeFile, token, dtsOnly, transformers),
    getCurrentDirectory: () => program.getCurrentDirectory(),
  };
}

/** The TypeScript module objects already given the plain builder, so that a second call changes nothing. */
const patched = new WeakSet<object>();

/**
 * Makes tslab's converter build its programs with `plainBuilderProgram`: the module object that
 * `require("@tslab/typescript-for-tslab")` returns is replaced by one that reads every export from
 * the real one, except `createWatchCompilerHost`, whose hosts use `plainBuilderProgram` when the caller
 * names no `createProgram` (tslab passes null). The real module's exports are read-only getters, so
 * they cannot be changed in place. Must run before tslab/dist/converter.js is first loaded (it binds
 * the module object then); returns false when it was loaded already, and nothing is changed.
 * KIT_TSLAB_BUILDER=1 in the environment keeps tslab's own builder (returns false), to rule this
 * layer out when a conversion looks wrong.
 */
export function usePlainBuilder(root: string): boolean {
  if (process.env.KIT_TSLAB_BUILDER === "1") return false;
  const id = require.resolve("@tslab/typescript-for-tslab", { paths: [root] });
  const real = require(id) as Ts;
  if (patched.has(real)) return true;
  if (Object.keys(require.cache).some((key) => /[\\/]tslab[\\/]dist[\\/]converter\.js$/.test(key))) return false;
  const createHost = real.createWatchCompilerHost as (...args: unknown[]) => TS.WatchCompilerHost<TS.BuilderProgram>;
  const wrapped = (...args: unknown[]): TS.WatchCompilerHost<TS.BuilderProgram> => {
    const host = createHost(...args);
    // createProgram is the fourth parameter of both overloads.
    if (!args[3]) host.createProgram = ((...rest: PlainArgs) => plainBuilderProgram(real, ...rest)) as unknown as TS.CreateProgram<TS.BuilderProgram>;
    return host;
  };
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(real)) {
    if (key !== "createWatchCompilerHost") Object.defineProperty(view, key, { enumerable: true, get: () => (real as unknown as Record<string, unknown>)[key] });
  }
  Object.defineProperty(view, "createWatchCompilerHost", { enumerable: true, value: wrapped });
  patched.add(real);
  patched.add(view);
  (require.cache[id] as NodeModule).exports = view;
  return true;
}

/** The parameters of `plainBuilderProgram` after `ts`. */
type PlainArgs = Parameters<typeof plainBuilderProgram> extends [Ts, ...infer Rest] ? Rest : never;
