import { join } from "node:path";
import { useCompiledLib } from "../../scripts/notebooks/compiledLib";
import { usePlainBuilder } from "../../scripts/kernel/plainBuilder";

/**
 * Runs TypeScript source as one notebook cell through tslab's own converter and executor (the
 * compiler the kernel uses: TS 5.0, CommonJS, Node10 resolution), from the project root.
 * Returns whether it ran, what tslab reported on its error channel, and the cell's variables.
 * As in the kit's kernel, `./lib/...` is the compiled library (build/); `{ sources: true }` makes
 * tslab type-check and run lib/'s sources instead — only in a process that never asked for the
 * compiled library (the redirection is process-wide).
 */
export async function runInTslab(source: string, options: { sources?: boolean } = {}): Promise<{ ok: boolean; errors: string; locals: Record<string, any> }> {
  const root = join(__dirname, "..", "..");
  if (!options.sources) useCompiledLib(root);
  usePlainBuilder(root); // as the kernel and the notebook runner do
  const { createConverter } = require("tslab/dist/converter");
  const { createExecutor } = require("tslab/dist/executor");
  const node = createConverter();
  let browser: { close(): void } | undefined; // made only if the cell asks for it (//%browser), as tslab's kernel does
  const errors: string[] = [];
  const previous = process.cwd();
  process.chdir(root);
  const converters = { node, get browser() { return (browser ??= createConverter({ isBrowser: true })); }, close: () => undefined };
  const executor = createExecutor(root, converters, {
    log: () => undefined,
    error: (...args: unknown[]) => errors.push(args.map(String).join(" ")),
  });
  try {
    const ok: boolean = await executor.execute(source);
    return { ok, errors: errors.join("\n"), locals: { ...executor.locals } };
  } finally {
    executor.close();
    node.close();
    browser?.close();
    process.chdir(previous);
  }
}
