#!/usr/bin/env node
// Entry point of the `parity` command. The sources are TypeScript; tsx compiles them on
// the fly so that `npm ci` is the only set-up step (no build, no postinstall).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../runners/cli/main.ts");
await main(process.argv.slice(2));
