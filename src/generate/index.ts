/** Deterministic, realistic sales history for a process (see mechanism.ts for what drives outcomes). */
export {
    DEFAULT_TODAY,
    generateAccounts,
    generateDataExport,
    generateHistory,
    generatedRows,
    generateUsers,
    type DealTruth,
    type GeneratedDeal,
    type GenerateOptions,
    type GeneratedRows,
    type GenerateSummary
} from './generateHistory';
export {
    DEFAULT_EFFECT_CYCLE,
    PLANTED_EFFECTS,
    describeMechanism,
    expectedAdvance,
    passProbability,
    type Mechanism,
    type OwnerSpec,
    type ParameterModel,
    type RepModel,
    type StageModel
} from './mechanism';
export {
    FINANCE_SHARES,
    erpCustomerId,
    generateAccountFinance,
    type FinanceGenerationOptions
} from './accountFinance';
