#!/usr/bin/env bash
# The one test command (`npm test`, run by .ci/run): every check, in order of cost.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step 'build (LWC TypeScript -> JS, CLI -> dist)'
npm run build:cli --silent
step 'compiled LWC .js matches its .ts'
npx tsx scripts/build-lwc.ts --check
step 'typecheck (Node side and LWC side)'
npm run typecheck --silent
step 'lint'
npm run lint --silent
step 'unit and component tests'
npx jest --ci
