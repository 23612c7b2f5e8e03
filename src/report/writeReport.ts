/**
 * Writes a reconciliation to a folder: reconciliation.json (everything), the CSVs (data-quality.csv
 * among them) and report.html.
 */
import path from 'node:path';
import type { Reconciliation } from '../reconciliation';
import { type FileContents, reconciliationCsvs, writeFiles } from './csv';
import { renderReportHtml } from './html';
import { DATA_QUALITY_CSV, dataQualityCsv } from './dataQuality';
import { GOALS_CSV, goalsCsv } from './goalsCsv';

export interface WrittenReport {
    dir: string;
    html: string;
    files: string[];
}

export function reconciliationFiles(rec: Reconciliation): Record<string, FileContents> {
    return {
        'reconciliation.json': { json: rec },
        ...reconciliationCsvs(rec),
        [GOALS_CSV]: goalsCsv(rec),
        [DATA_QUALITY_CSV]: dataQualityCsv(rec.dataQuality, rec.dataProblems),
        'report.html': renderReportHtml(rec)
    };
}

export function writeReconciliationReport(dir: string, rec: Reconciliation): WrittenReport {
    const files = writeFiles(dir, reconciliationFiles(rec));
    return { dir, html: path.join(dir, 'report.html'), files };
}
