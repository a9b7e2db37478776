#!/usr/bin/env node
// Starts the project's tslab kernel in the project root (two folders up), whatever folder
// Jupyter starts kernels in, so that notebook cells can import "./lib/index" (tslab sets the
// compiler's rootDir to the working directory). Used by kernels/tslab-kit/kernel.json.
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
process.argv = [process.argv[0], path.join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", configPath];
require(path.join(root, "node_modules", "tslab", "dist", "main.js")).main();
