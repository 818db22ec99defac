#!/usr/bin/env node
// Load the bundled CLI and hand its exit code to Node; all logic lives in src/cli.ts.
// CommonJS on purpose (see bin/package.json): it skips the ES module loader, which costs start-up time.
'use strict';
require('../dist/load-cli.cjs')
  .loadCli()
  .run()
  .then((code) => {
    process.exitCode = code;
  });
