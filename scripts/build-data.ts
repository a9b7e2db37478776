/**
 * Regenerates data/ from the seed: raw files, dirt manifest, panel, audit, truth.
 *
 *   node --import tsx scripts/build-data.ts            # writes into data/
 *   node --import tsx scripts/build-data.ts --out DIR  # writes into DIR (e.g. to compare with data/)
 *
 * data/cities.csv (the registry) is read, never written.
 */
import * as path from "path";
import { buildDataset } from "../lib/study/buildDataset";
import { loadRegistry } from "../lib/study/registry";

const args = process.argv.slice(2);
const k = args.indexOf("--out");
const outDir = k >= 0 ? path.resolve(args[k + 1]) : path.resolve(__dirname, "..", "data");
const t0 = Date.now();
const report = buildDataset(outDir, loadRegistry());
console.log(`Wrote ${report.files.length} files to ${outDir} (${report.rawRows} raw rows, ${report.panelRows} panel rows) in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
