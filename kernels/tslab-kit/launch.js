#!/usr/bin/env node
// Starts the project's tslab kernel in the project root (two folders up), whatever folder
// Jupyter starts kernels in, so that notebook cells can import "./lib/index" (tslab sets the
// compiler's rootDir to the working directory). Used by kernels/tslab-kit/kernel.json.
//
// Before starting it, it installs the kit's layer over tslab's executor — the same code the headless
// runner uses (scripts/notebooks/kitExecutor.ts, loaded through tsx): R habits caught (`{ fit }`
// shorthand, `x ^ 2`, importing the folder ./lib), the kit's errors shown without stack frames
// (KIT_STACK=1 shows them) — and repairs tslab's protocol (./protocol.js: execution counts, and
// stop_on_error honoured).
//
// Cells import the compiled library (build/: JavaScript and declaration files, made by
// scripts/build-lib.ts) in place of lib/'s sources — tslab then reads declarations instead of
// type-checking the whole library in every new kernel (scripts/notebooks/compiledLib.ts; it also gives
// tslab @types/node without its comments, from build/node-types, and only the @types tsconfig.json names). The build
// is made here when it is missing or older than lib/, and checked again before each cell. If lib/ does
// not compile, the kernel says so and uses the sources as before; KIT_LIB_SOURCES=1 asks for the
// sources (e.g. to debug lib/ with its own line numbers). tslab's converter makes each cell's program
// without the incremental builder's per-file state (scripts/kernel/plainBuilder.ts; KIT_TSLAB_BUILDER=1
// keeps tslab's own).
"use strict";
const path = require("node:path");
const root = path.resolve(__dirname, "..", "..");
const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error("usage: launch.js <connection file> (Jupyter passes it)");
  process.exit(2);
}
const configPath = path.resolve(connectionFile); // before changing folder

// Ends when the process that started it is gone (Jupyter's server, nbconvert, jupyter console killed
// without shutting the kernel down), as ipykernel's parent poller does: the kernel runs in a session of
// its own, so nothing else would stop it. Checked once a second; the timer keeps nothing alive.
const parentPid = process.ppid;
if (parentPid > 1) setInterval(() => process.ppid !== parentPid && process.exit(0), 1000).unref();
process.chdir(root);

const fromRoot = (id) => require(require.resolve(id, { paths: [root] }));
const tslabDist = (file) => require(path.join(root, "node_modules", "tslab", "dist", file));

/** Loads the kit's TypeScript modules with tsx's require hook, registered only while they load. */
function loadKitModules() {
  // The plain-JavaScript modules they use are loaded first, outside the hook.
  fromRoot("@tslab/typescript-for-tslab");
  tslabDist("metadata.js");
  const { register } = fromRoot("tsx/cjs/api");
  const unregister = register();
  try {
    return {
      kit: require(path.join(root, "scripts", "notebooks", "kitExecutor.ts")),
      compiled: require(path.join(root, "scripts", "notebooks", "compiledLib.ts")),
      plain: require(path.join(root, "scripts", "kernel", "plainBuilder.ts")),
    };
  } finally {
    unregister();
  }
}

/** Makes build/ current and points ./lib at it; false (sources used) when lib/ does not compile or KIT_LIB_SOURCES=1. */
function useCompiledLib({ compiled }) {
  if (process.env.KIT_LIB_SOURCES === "1") return false;
  try {
    if (compiled.useCompiledLib(root) === "built") console.error("tslab-kit: compiled lib/ into build/ (it was missing or older than lib/).");
  } catch (error) {
    console.error(`tslab-kit: ${error && error.message ? error.message : error}\ntslab-kit: cells import lib/'s sources instead (slower).`);
    return false;
  }
  return true;
}

function installKitCells() {
  const modules = loadKitModules();
  modules.plain.usePlainBuilder(root); // before tslab's converter is loaded (by jupyter.js below)
  const executor = tslabDist("executor.js"); // the module object tslab's main.js calls createExecutor on
  const tslabCreate = executor.createExecutor;
  const inner = useCompiledLib(modules) ? modules.compiled.withCompiledLib(tslabCreate, root) : tslabCreate;
  executor.createExecutor = modules.kit.withKitCells(inner);
}

try {
  installKitCells();
} catch (error) {
  console.error("tslab-kit: the kit's cell layer did not load; cells run as plain tslab.\n", error);
}
const protocol = require("./protocol.js");
protocol.publishExecuteInput(tslabDist("jupyter.js"));
protocol.honourStopOnError(tslabDist("jupyter.js"), tslabDist("util.js"));

process.argv = [process.argv[0], path.join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", configPath];
tslabDist("main.js").main();
