#!/usr/bin/env node
// An installed package runs its build (dist/). In this repository, where
// src/ sits beside bin/, the TypeScript sources run through tsx instead,
// so there is no build step between an edit and a run.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const fromSource = existsSync(join(__dirname, '..', 'src'));
if (fromSource) {
  require('tsx/cjs');
}
require(fromSource ? '../src/index.ts' : '..').runFromCommandLine();
