import { parse } from 'csv-parse/sync';
import { spreadsheetSafe, toCsv } from '../csv';
import { escapeHtml, jsonForScript, MAX_REPORT_TEXT, reportText } from '../html';
import { DataQualityLedger } from '../../records/ledger';

describe('spreadsheetSafe', () => {
    it.each([
        ['=1+1', "'=1+1"],
        ['+44 20 7946', "'+44 20 7946"],
        ['-2', "'-2"],
        ['@SUM(A1)', "'@SUM(A1)"],
        ['\t=1', "'\t=1"],
        ['\r=1', "'\r=1"],
        ['Acme = best', 'Acme = best'],
        ['A\u0000B\u001bC', 'ABC']
    ])('%j → %j', (input, output) => {
        expect(spreadsheetSafe(input)).toBe(output);
    });

    it('leaves numbers as numbers, negative ones included, and neutralises text cells only', () => {
        const csv = toCsv(['name', 'amount'], [['=cmd', -5]]);
        expect(parse(csv)).toEqual([
            ['name', 'amount'],
            ["'=cmd", '-5']
        ]);
    });
});

describe('report text', () => {
    it('cuts long text and removes control characters in HTML and in chart data', () => {
        const long = 'y'.repeat(MAX_REPORT_TEXT * 10);
        expect(reportText(long).length).toBeLessThan(MAX_REPORT_TEXT + 50);
        expect(escapeHtml(`a\u0000<b>`)).toBe('a&lt;b&gt;');
        expect(jsonForScript({ name: long }).length).toBeLessThan(MAX_REPORT_TEXT + 80);
    });
});

describe('DataQualityLedger verdict', () => {
    const essential = { opportunity: 'Opportunity.csv', stageHistory: 'OpportunityHistory.csv' };
    function ledgerWith(read: number, rejected: number, historyRows = 10) {
        const ledger = new DataQualityLedger();
        Object.assign(ledger.tally('Opportunity.csv'), { read, accepted: read - rejected, rejected });
        Object.assign(ledger.tally('OpportunityHistory.csv'), { read: historyRows, accepted: historyRows });
        return ledger;
    }

    it('is ok at 1% rejected, partial above it, unfit above 20%', () => {
        expect(ledgerWith(100, 1).summarize(essential).verdict).toBe('ok');
        expect(ledgerWith(100, 2).summarize(essential).verdict).toBe('partial');
        expect(ledgerWith(100, 21).summarize(essential).verdict).toBe('unfit');
    });

    it('is unfit without stage history rows, or when stage history is missing', () => {
        expect(ledgerWith(100, 0, 0).summarize(essential)).toMatchObject({
            verdict: 'unfit',
            reasons: [expect.stringMatching(/OpportunityHistory\.csv has no rows: .*no backtest/)]
        });
        const missing = new DataQualityLedger();
        Object.assign(missing.tally('Opportunity.csv'), { read: 5, accepted: 5 });
        missing.missing('OpportunityHistory.csv', 'no history', true);
        expect(missing.summarize(essential).verdict).toBe('unfit');
    });

    it('keeps the date span of deals and stage changes, for judging --as-of', () => {
        const ledger = ledgerWith(1, 0);
        ledger.seeDeal('2025-03-04T10:00:00.000Z', '2025-06-30');
        ledger.seeDeal('2024-01-02T10:00:00.000Z', '2026-01-31');
        ledger.seeStageChange('2025-05-01T00:00:00.000Z');
        expect(ledger.summarize(essential).span).toEqual({
            createdFrom: '2024-01-02',
            createdTo: '2025-03-04',
            closeFrom: '2025-06-30',
            closeTo: '2026-01-31',
            historyFrom: '2025-05-01',
            historyTo: '2025-05-01'
        });
    });
});
