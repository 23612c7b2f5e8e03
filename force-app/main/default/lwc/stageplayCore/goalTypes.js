// Generated from goalTypes.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * The shapes of "goals before process" (issue 12): how each process goal converted in a period, and
 * each rep's KPIs and adoption. Plain JSON data, like the rest of the core's vocabulary: the same
 * rows go into reconciliation.json, the report, the CSVs, the snapshot records published to the org
 * (`Stageplay_Goal_Result__c`, `Stageplay_Rep_Kpi__c`) and the `salesGoals` component.
 *
 * Every rate is a fraction 0..1 and is null when it would rest on no evidence (nothing entered, no
 * quota, no closed deal); every count says what the rate rests on.
 */
export {};
