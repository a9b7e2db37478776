import { join } from "node:path";

/**
 * Runs TypeScript source as one notebook cell through tslab's own converter and executor (the
 * compiler the kernel uses: TS 5.0, CommonJS, Node10 resolution), from the project root.
 * Returns whether it ran, what tslab reported on its error channel, and the cell's variables.
 */
export async function runInTslab(source: string): Promise<{ ok: boolean; errors: string; locals: Record<string, any> }> {
  const root = join(__dirname, "..", "..");
  const { createConverter } = require("tslab/dist/converter");
  const { createExecutor } = require("tslab/dist/executor");
  const node = createConverter();
  const browser = createConverter({ isBrowser: true });
  const errors: string[] = [];
  const previous = process.cwd();
  process.chdir(root);
  const executor = createExecutor(root, { node, browser, close: () => undefined }, {
    log: () => undefined,
    error: (...args: unknown[]) => errors.push(args.map(String).join(" ")),
  });
  try {
    const ok: boolean = await executor.execute(source);
    return { ok, errors: errors.join("\n"), locals: { ...executor.locals } };
  } finally {
    executor.close();
    node.close();
    browser.close();
    process.chdir(previous);
  }
}
