import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { reconcile } from '../../ops/reconcile';
import { smallDataset } from '../../ops/__tests__/smallDataset';
import { escapeHtml, jsonForScript, renderReportHtml } from '../html';
import { csvPieces, fileText, reconciliationCsvs, toCsv, writeFiles } from '../csv';
import { reconciliationSummaryLines } from '../terminal';
import { FLAG_LABELS } from '../../core';

const HOSTILE = '<script>alert("x")</script> & <b>Co</b>';

describe('the reconciliation report', () => {
    const dataset = smallDataset({ nameOf: (i) => (i % 10 === 0 ? `${HOSTILE} #${i}` : `Deal ${i}`) });
    const rec = reconcile(dataset, {
        spec: { unit: 'quarter', fiscalYearStartMonth: 1 },
        asOf: '2026-11-16',
        pastPeriods: 4
    });
    const html = renderReportHtml(rec);

    it('escapes names from the data everywhere', () => {
        expect(escapeHtml(HOSTILE)).toBe(
            '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;'
        );
        expect(html).not.toContain('<script>alert');
        expect(html).not.toContain('<b>Co</b>');
        expect(html).not.toContain('Ada <Admin>');
        expect(html).toContain('Ada &lt;Admin&gt; &amp; Co');
        // Exactly the three script elements the report consists of: chart.js, the data, the drawing code.
        expect(html.match(/<script/g)).toHaveLength(3);
    });

    it('embeds data so that no value can close its script element', () => {
        const json = jsonForScript({ name: '</script><script>x()</script>', amp: 'a&b' });
        expect(json).not.toContain('<');
        expect(JSON.parse(json)).toEqual({ name: '</script><script>x()</script>', amp: 'a&b' });
    });

    it('is self-contained: chart.js inlined, no external resources', () => {
        expect(html).toContain('Chart.js');
        expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
        expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    });

    it('has a canvas for every chart the brief lists', () => {
        for (const id of [
            'chart-backtest-2',
            'chart-backtest-4',
            'chart-backtest-8',
            'chart-waterfall',
            'chart-calibration-stages',
            'chart-reliability',
            'chart-owner-bias',
            'chart-discipline-owner',
            'chart-discipline-stage',
            'chart-kpi-attainment'
        ]) {
            expect(html).toContain(`id="${id}"`);
        }
    });

    it('writes a CSV in pieces as the same text toCsv makes at once, across batches and hostile cells', () => {
        const rows = Array.from({ length: 2503 }, (_, i) => [
            `deal ${i}`,
            i % 7 === 0 ? '=HYPERLINK("x")' : i % 5 === 0 ? 'line one\nline "two", three' : null,
            i % 3 === 0 ? -0.5 * i : NaN,
            i % 2 === 0,
            undefined
        ]);
        const columns = ['name', '@note', 'amount', 'won', 'blank'];
        const whole = toCsv(columns, rows);
        let asked = 0;
        const counted = function* () {
            for (const row of rows) {
                asked++;
                yield row;
            }
        };
        const pieces = csvPieces(columns, counted());
        // Rows are read as pieces are asked for, not all at once.
        expect(pieces.next().value).toBe(toCsv(columns, []));
        expect(asked).toBe(0);
        const rest = [...pieces];
        expect(rest.length).toBe(3);
        expect(toCsv(columns, []) + rest.join('')).toBe(whole);
        expect(csvPieces(columns, []).next().value).toBe(toCsv(columns, []));
        // And on disk, byte for byte.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-csv-'));
        try {
            writeFiles(dir, { 'rows.csv': { pieces: () => csvPieces(columns, rows) } });
            expect(fs.readFileSync(path.join(dir, 'rows.csv'), 'utf8')).toBe(whole);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('writes CSVs that parse back, with flags and evidence per deal', () => {
        const files = reconciliationCsvs(rec);
        expect(Object.keys(files).sort()).toEqual([
            'backtest.csv',
            'calibration.csv',
            'deals.csv',
            'forecast-by-category.csv',
            'forecast-by-owner.csv',
            'forecast-by-period.csv',
            'kpis-by-owner.csv'
        ]);
        const kpis = parse(fileText(files['kpis-by-owner.csv']), { columns: true }) as Array<
            Record<string, string>
        >;
        expect(kpis).toHaveLength(rec.kpis.byOwner.length + rec.kpis.team.length);
        // The small dataset has no quota file: blank, never 0.
        expect(kpis.every((k) => k.quota === '' && k.attainment === '')).toBe(true);
        const deals = parse(fileText(files['deals.csv']), { columns: true }) as Array<Record<string, string>>;
        expect(deals).toHaveLength(rec.deals.length);
        const hostile = deals.find((d) => d.name.startsWith('<script>'));
        expect(hostile?.name).toContain(HOSTILE);
        const flagged = deals.find((d) => d.flags.includes('padded'));
        expect(flagged).toBeDefined();
        expect(JSON.parse(flagged!.evidence).padded.field).toBe('Budget__c');
        const backtest = parse(fileText(files['backtest.csv']), { columns: true }) as Array<
            Record<string, string>
        >;
        expect(backtest).toHaveLength(rec.backtest.length);
        const owners = parse(fileText(files['forecast-by-owner.csv']), { columns: true }) as Array<
            Record<string, string>
        >;
        expect(owners.map((o) => o.owner)).toContain('Ada <Admin> & Co');
        // The CSV's adjusted forecast is the report's adjusted period forecast (one definition), blank
        // for periods it does not cover.
        const byPeriod = parse(fileText(files['forecast-by-period.csv']), { columns: true }) as Array<
            Record<string, string>
        >;
        for (const f of rec.periodForecasts) {
            const row = byPeriod.find((r) => r.period === f.label);
            if (!row || f.adjusted === null) continue;
            expect(Number(row.adjusted_forecast)).toBeCloseTo(f.adjusted, 1);
            const ownerSum = owners
                .filter((o) => o.period === f.label)
                .reduce((s, o) => s + Number(o.adjusted_forecast), 0);
            expect(ownerSum).toBeCloseTo(f.adjusted, -1);
        }
        const covered = new Set(rec.periodForecasts.map((f) => f.label));
        for (const row of byPeriod.filter((r) => !covered.has(r.period)))
            expect(row.adjusted_forecast).toBe('');
        const calibration = parse(fileText(files['calibration.csv']), { columns: true }) as Array<
            Record<string, string>
        >;
        expect(calibration.find((r) => r.label === 'brier_nominal')?.observed).not.toBe('');
    });

    it('counts flagged deals, not flags, in the terminal summary', () => {
        const line = reconciliationSummaryLines(rec).find((l) => l.startsWith('Open deals flagged:')) ?? '';
        expect(Object.values(rec.flagCounts).some((n) => n > 0)).toBe(true);
        for (const [kind, flags] of Object.entries(rec.flagCounts)) {
            if (flags === 0) continue;
            const deals = new Set(
                rec.deals.filter((d) => d.flags.some((f) => f.kind === kind)).map((d) => d.id)
            );
            const label = FLAG_LABELS[kind as keyof typeof FLAG_LABELS];
            expect(line).toContain(
                deals.size === flags ? `${label} ${flags}` : `${label} ${deals.size} (${flags} flags)`
            );
        }
    });

    it('names periods one way and shows every backtest horizon with the periods behind it', () => {
        const lines = reconciliationSummaryLines(rec).join('\n');
        expect(lines).toContain('Q4 2026 adjusted forecast');
        expect(lines).toContain('80% range');
        expect(lines).not.toContain('FY2026-Q4');
        for (const a of rec.accuracy.backtest) {
            expect(html).toContain(`${a.weeksOut} wk: `);
            expect(html).toContain(`n = ${a.periods}`);
        }
        expect(html).toContain('Forecast error (MAPE) stated → adjusted');
        expect(html).not.toMatch(/>FY20\d\d-[QM]\d+</);
        const backtest = parse(fileText(reconciliationCsvs(rec)['backtest.csv']), { columns: true }) as Array<
            Record<string, string>
        >;
        expect(new Set(backtest.map((r) => r.period))).toEqual(new Set(rec.pastPeriods.map((p) => p.label)));
        expect(Object.keys(backtest[0])).toEqual(
            expect.arrayContaining([
                'adjusted_open_deals',
                'adjusted_not_yet_created',
                'range80_low',
                'booked_in_range'
            ])
        );
    });

    it('shows human flag names and named evidence, never the camelCase keys', () => {
        for (const key of [
            'skippedStage',
            'pastCloseDate',
            'probabilityOverride',
            'daysInStage',
            'dealProbability'
        ])
            expect(html).not.toMatch(new RegExp(`>${key}[<: ]`));
        expect(html).toContain(FLAG_LABELS.padded);
    });

    it('heads its accuracy with the time split, saying which predictions, fitted when, on which deals', () => {
        const t = rec.accuracy.timeSplit!;
        expect(html).toContain('Brier on a time split');
        expect(html).toContain(`${t.scored} deals`);
        expect(html).toContain(`from ${t.fittedOnClosedBefore}`);
        // The old random-holdout headline is gone.
        expect(html).not.toContain('held-out deals (lower is better)');
        const summary = reconciliationSummaryLines(rec).join('\n');
        expect(summary).toContain(`Accuracy on a time split: ${t.scored} deals`);
    });

    it('lists the stage win rates of every deal closed by the as-of date, as learn does', () => {
        expect(html).toContain('the same deals and numbers as <code>stageplay learn</code>');
        for (const s of rec.benchmarks.stages.filter((b) => b.reached > 0))
            expect(html).toContain(`<td class="num">${s.won}</td>`);
    });
});
