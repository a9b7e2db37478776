/**
 * Loads test files into this one process, so node:test runs them all here — for `npm run test:quick`,
 * where starting a process (and tsx) per file cost more than the tests themselves (26 files: ≈ 60 s
 * one process per file, ≈ 12 s in one). Only for files that leave no global state behind them (no
 * chdir, no environment changes): the estimator core's reference tests. A failing test sets the exit
 * code to 1, as `node --test` does.
 *
 * Usage: node --import tsx scripts/test-one-process.ts test/a.test.ts test/b.test.ts …
 */
import { resolve } from "node:path";

for (const file of process.argv.slice(2)) require(resolve(file));
