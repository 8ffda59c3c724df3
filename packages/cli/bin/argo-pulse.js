#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step yet): see the README.
require('tsx/cjs');
require('../src/bin.ts');
