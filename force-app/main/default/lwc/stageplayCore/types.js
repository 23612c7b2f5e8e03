// Generated from types.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * The vocabulary of Stageplay's domain core.
 *
 * Everything here is plain data (JSON-serialisable): the same shapes travel from the
 * Data Export reader, from an org through jsforce, from Apex to the browser, and into
 * the benchmark records. Probabilities are fractions 0..1 everywhere inside the core;
 * adapters convert Salesforce's 0..100 percentages at the edge.
 */
export {};
