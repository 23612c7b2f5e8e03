#!/usr/bin/env bash
# The one test command (`npm test`, which .ci/run calls after `npm ci`): every check and every
# test, cheapest first, so a broken build fails in seconds rather than after the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step 'compiled LWC .js matches its .ts source (what orgs deploy is what was reviewed)'
npx tsx scripts/build-lwc.ts --check

step 'build the CLI (dist/)'
npm run --silent build:cli

step 'typecheck: Node side, LWC side, benchmarks'
npm run --silent typecheck

step 'lint: ESLint (LWC platform rules on deployed .js, typescript-eslint on .ts)'
npm run --silent lint

step 'format: Prettier (TypeScript, Apex, XML, HTML, CSS, JSON, Markdown)'
npm run --silent format:check

step 'every LWC bundle compiles with the platform compiler'
npx tsx scripts/check-lwc-compile.ts

step 'Apex parses, is formatted, and passes the PMD security and performance rules'
bash scripts/ensure-java.sh
npx tsx scripts/check-apex.ts

step 'deploy gate: the exact payload `sf project deploy start` sends has every file, nothing forbidden, no Metadata API limit hit'
npx tsx scripts/check-deploy.ts

step 'Apex type-checks against the platform (apex-ls on Java 21+): unknown fields, methods and types'
bash scripts/ensure-java21.sh
npx tsx scripts/check-apex-types.ts

step 'the Apex DTOs and their TypeScript declarations (lwc/types/salesforce.d.ts) agree'
npx tsx scripts/check-apex-dtos.ts

step 'the shipped process metadata validates'
node bin/stageplay.js validate

step 'Chromium for the browser tests (Debian package, installed when missing)'
bash scripts/ensure-chromium.sh

step 'unit, component, stand-in org, end-to-end and browser tests (Jest)'
mkdir -p test-results
status=0
npx jest --ci --json --outputFile=test-results/jest.json || status=$?
node -e '
const r = require("./test-results/jest.json");
console.log(`\njest: ${r.numTotalTestSuites} suites, ${r.numTotalTests} tests`);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
'
exit $status
