#!/usr/bin/env node
'use strict';
// The CLI is TypeScript compiled to dist/ (`npm run build:cli`, also run by `npm ci`/`npm install` through
// the `prepare` script).
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
    process.stderr.write(
        'stageplay: the CLI is not built yet. Run `npm ci` (or `npm run build:cli`) first.\n'
    );
    process.exit(1);
}
// `stageplay reconcile | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
});
require(entry).main(process.argv);
