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
"use strict";
const path = require("node:path");
const root = path.resolve(__dirname, "..", "..");
const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error("usage: launch.js <connection file> (Jupyter passes it)");
  process.exit(2);
}
const configPath = path.resolve(connectionFile); // before changing folder
process.chdir(root);

const fromRoot = (id) => require(require.resolve(id, { paths: [root] }));
const tslabDist = (file) => require(path.join(root, "node_modules", "tslab", "dist", file));

/** Loads scripts/notebooks/kitExecutor.ts with tsx's require hook, registered only while it loads. */
function installKitCells() {
  // The plain-JavaScript modules it uses are loaded first, outside the hook.
  fromRoot("@tslab/typescript-for-tslab");
  tslabDist("metadata.js");
  const { register } = fromRoot("tsx/cjs/api");
  const unregister = register();
  let kit;
  try {
    kit = require(path.join(root, "scripts", "notebooks", "kitExecutor.ts"));
  } finally {
    unregister();
  }
  const executor = tslabDist("executor.js"); // the module object tslab's main.js calls createExecutor on
  executor.createExecutor = kit.withKitCells(executor.createExecutor);
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
