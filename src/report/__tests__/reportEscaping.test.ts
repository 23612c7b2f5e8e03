/**
 * Names from the data reach the report as text and nothing else: parsed by a real HTML parser
 * (jsdom), the page has no element, attribute or script a name could have brought in, every name
 * reads back exactly as written, and the embedded chart data carries the names intact.
 */
import { JSDOM } from 'jsdom';
import { reconcile } from '../../ops/reconcile';
import { smallDataset } from '../../ops/__tests__/smallDataset';
import { renderReportHtml } from '../html';
import { CHART_DATA_ID, type ReportChartData } from '../charts/chartData';

const IMG = '<img src=x onerror=alert(1)>';
const QUOTES = `"&'`;
const CLOSE_SCRIPT = '</script><script>alert(2)</script>';
const COMMENT = '<!-- x --> ]]> <![CDATA[';
const HOSTILE = [IMG, QUOTES, CLOSE_SCRIPT, COMMENT];

describe('the report escapes every name by construction', () => {
    const dataset = smallDataset({ nameOf: (i) => `${HOSTILE[i % HOSTILE.length]} deal ${i}` });
    const owners = [`${IMG} ${QUOTES}`, `${CLOSE_SCRIPT} ${COMMENT}`];
    dataset.users = dataset.users.map((u, i) => ({ ...u, name: owners[i] }));
    const parameter = dataset.process.parameters[0];
    dataset.process = {
        ...dataset.process,
        parameters: [{ ...parameter, label: `${IMG} budget` }, ...dataset.process.parameters.slice(1)]
    };
    const reconciled = reconcile(dataset, {
        spec: { unit: 'quarter', fiscalYearStartMonth: 1 },
        asOf: '2026-11-16',
        pastPeriods: 4
    });
    // The source label is a folder name or an org alias: data too.
    const rec = {
        ...reconciled,
        source: `Data Export folder ${IMG}`,
        dataProblems: [
            {
                source: `Opportunity.csv ${QUOTES}`,
                line: 7,
                column: 'Name',
                recordId: null,
                outcome: 'value dropped' as const,
                message: `unreadable ${CLOSE_SCRIPT}`
            }
        ],
        dataQuality: { ...reconciled.dataQuality, issueCount: 1, notes: [`note ${IMG}`] }
    };
    const html = renderReportHtml(rec);
    const document = new JSDOM(html).window.document;
    const texts = (selector: string) =>
        [...document.querySelectorAll(selector)].map((e) => e.textContent ?? '');

    it('has no element, attribute or script that a name brought in', () => {
        expect(document.querySelectorAll('img')).toHaveLength(0);
        expect(html).not.toContain(IMG);
        expect(html).not.toContain(CLOSE_SCRIPT);
        expect(html).not.toContain('<!-- x');
        for (const element of document.querySelectorAll('*')) {
            for (const attribute of element.getAttributeNames()) expect(attribute).not.toMatch(/^on/i);
        }
        // chart.js, the data, the drawing code: nothing else.
        const scripts = [...document.querySelectorAll('script')];
        expect(scripts.map((s) => s.getAttribute('type'))).toEqual([null, 'application/json', null]);
    });

    it('shows deal and owner names exactly as written, in every table', () => {
        const cells = texts('td');
        const flagged = reconciled.deals.filter((d) => d.flags.length > 0);
        expect(flagged.length).toBeGreaterThan(0);
        for (const deal of flagged.slice(0, 10)) expect(cells).toContain(`${deal.name}${deal.id}`);
        for (const owner of reconciled.ownerBias.owners) expect(cells).toContain(owner.ownerName);
        expect(reconciled.ownerBias.owners.map((o) => o.ownerName)).toEqual(expect.arrayContaining(owners));
        for (const u of reconciled.discipline.untouched.slice(0, 5)) expect(cells).toContain(u.name);
        expect(cells).toContain(`${IMG} budget`);
        expect(cells).toContain(`Opportunity.csv ${QUOTES}:7:Name`);
        expect(cells).toContain(`unreadable ${CLOSE_SCRIPT}`);
        expect(texts('li')).toContain(`note ${IMG}`);
        // Flag messages name the deal too.
        expect(texts('td div').some((t) => t.includes(`${CLOSE_SCRIPT} deal`))).toBe(true);
    });

    it('keeps names as text in the title and the header', () => {
        expect(document.title).toContain('Stageplay forecast reconciliation');
        expect(document.querySelector('header p')?.textContent).toContain(`Data Export folder ${IMG}`);
    });

    it('carries the names intact in the chart data, which cannot close its script element', () => {
        const element = document.getElementById(CHART_DATA_ID);
        expect(element?.tagName).toBe('SCRIPT');
        const data = JSON.parse(element?.textContent ?? 'null') as ReportChartData;
        expect(data.ownerBias.owners.map((o) => o.ownerName)).toEqual(
            reconciled.ownerBias.owners.map((o) => o.ownerName)
        );
        expect(data.discipline.byOwner.map((g) => g.label).sort()).toEqual([...owners].sort());
        // The element ends at the first `</script` after it opens: had a name closed it, the text
        // would stop there and not parse, or a second data element would follow.
        expect(element?.textContent).not.toMatch(/<\/script|<!--/i);
        expect(document.querySelectorAll(`#${CHART_DATA_ID}`)).toHaveLength(1);
    });
});
