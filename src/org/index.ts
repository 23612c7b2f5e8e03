/**
 * The org adapter: connect with the user's `sf` login, read the process and the history into the
 * core's shapes, write with external-id upserts. Everything else in src/ talks to an org through here.
 */
export { connectToOrg, type ConnectOptions } from './connect';
export { readProcessFromOrg, type ReadProcessOptions } from './readProcess';
export { readOrgDataset, type ReadOrgDatasetOptions } from './readDataset';
export { readOrgPerformance, forecastPeriodMonths } from './readPerformance';
export { bulkQueryPages, type BulkQueryOptions, type BulkRow } from './bulkQuery';
export {
    upsertRecords,
    parseBulkError,
    formatRowError,
    type UpsertOptions,
    type UpsertProgress,
    type UpsertResult,
    type RowError
} from './upsert';
export {
    deleteRecords,
    markerFieldOf,
    STAGEPLAY_MARKER_FIELDS,
    type DeleteResult,
    type DeleteOptions,
    type DeletableRecord
} from './delete';
export { writeFailuresCsv, failuresFromResults, FAILURES_CSV_COLUMNS, type FailureLine } from './failures';
export { isProductionOrg, describeOrgKind, type OrgKind } from './guard';
export { defaultRetryPolicy, queryAllPages, type RetryPolicy, type OrgConnection } from './http';
export {
    LOGIN_COMMAND,
    OrgAuthError,
    OrgProcessError,
    OrgRequestError,
    SessionExpiredError,
    UnsafeDeleteError
} from './errors';
