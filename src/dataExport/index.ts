/** The offline source: a folder in the Salesforce Data Export layout. */
export { readDataExport } from './readDataExport';
export {
    createDataExportWriter,
    writeDataExport,
    type DataExportContent,
    type DataExportCounts,
    type DataExportWriter,
    type DataExportWriterOptions,
    type FieldHistoryExportRow,
    type StageExportRow,
    type StageHistoryExportRow
} from './writeDataExport';
export { DataExportError } from './errors';
export { DATA_EXPORT_FILES, type DataExportFileKind } from './layout';
export { KEY_PREFIXES, idSuffix, salesforceId } from './salesforceId';
