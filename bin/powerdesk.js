#!/usr/bin/env node
// Runs the TypeScript sources through tsx, from any working directory.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
