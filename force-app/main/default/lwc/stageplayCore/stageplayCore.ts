/**
 * `c/stageplayCore`: Stageplay's domain core, the one implementation of rules, fitting, scoring,
 * forecasting and reconciliation. Components import it as an LWC service module; the Node scripts
 * import this same source. Pure functions over plain data: no I/O, no Node or browser APIs.
 */
export type * from './types';
export type * from './goalTypes';
export * from './rules';
export * from './stats';
export * from './periods';
export * from './history';
export * from './historyTable';
export * from './fit';
export * from './score';
export * from './forecast';
export * from './reconcile';
export * from './flags';
export * from './periodForecast';
export * from './salesforceVocabulary';
export * from './format';
export * from './evidence';
export * from './accountFinance';
export * from './goals';
export * from './adoption';
export * from './kpis';
