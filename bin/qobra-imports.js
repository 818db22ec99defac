#!/usr/bin/env node
// Load the bundled CLI and hand its exit code to Node; all logic lives in src/cli.ts.
import { run } from '../dist/cli.js';

process.exitCode = await run();
