/**
 * The one way into the domain core from Node (src/, scripts/, bench/, test/, preview/): everything
 * the core exports, through its public module (`c/stageplayCore`), so nothing outside depends on
 * which core file holds what.
 */
export * from '../force-app/main/default/lwc/stageplayCore/stageplayCore';

import { useResampleKernel } from '../force-app/main/default/lwc/stageplayCore/stageplayCore';
import { wasmResampleMeans } from './wasm/resampleKernel';

// Node runs the bootstrap's inner loop on WebAssembly (same means bit for bit, 4-6x faster); the page
// keeps the core's JavaScript loop.
useResampleKernel(wasmResampleMeans);
