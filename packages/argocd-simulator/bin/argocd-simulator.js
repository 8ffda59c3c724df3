#!/usr/bin/env node
// Runs the TypeScript sources directly: the simulator is a development tool
// of this workspace and is never published, so it has no build step.
require('tsx/cjs');
require('../src/bin.ts');
