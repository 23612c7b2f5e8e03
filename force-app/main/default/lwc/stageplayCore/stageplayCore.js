// Generated from stageplayCore.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
export * from './rules';
export * from './stats';
export * from './periods';
export * from './history';
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
