/**
 * A small deterministic history for the preview while the project's seed generator is not available:
 * closed deals walk the shipped process stage by stage, and better-qualified deals both pass more
 * parameter rules and win more often, so the fitted benchmarks carry real signal.
 */
import {
    createRandom,
    parseRule,
    type FieldValue,
    type OpportunityRecord,
    type ParameterDefinition,
    type ProcessDefinition,
    type Random,
    type StageHistoryRow
} from '../../force-app/main/default/lwc/stageplayCore/stageplayCore';

export interface FixtureDataset {
    opportunities: OpportunityRecord[];
    stageHistory: StageHistoryRow[];
}

const OWNERS = [
    { id: '005000000000001AAA', name: 'Maria Chen' },
    { id: '005000000000002AAA', name: 'Dev Patel' },
    { id: '005000000000003AAA', name: 'Jonas Berg' }
];
const ACCOUNTS = [
    'Northwind Logistics',
    'Acme Robotics',
    'Globex Health',
    'Initech Finance',
    'Umbrella Foods'
];
const DAY = 86_400_000;

function valueFor(
    parameter: ParameterDefinition,
    process: ProcessDefinition,
    pass: boolean,
    random: Random
): FieldValue {
    const rule = parseRule(parameter.rule);
    const picklist = process.fields[parameter.field]?.picklistValues ?? [];
    const type = process.fields[parameter.field]?.type;
    if (!pass && random.next() < 0.5) return null;
    switch (rule.kind) {
        case 'compare':
            if (typeof rule.value === 'boolean') return pass ? rule.value : !rule.value;
            if (typeof rule.value === 'number') {
                return pass
                    ? Math.round(rule.value * (1 + random.next() * 4))
                    : Math.round(rule.value * random.next() * 0.9);
            }
            return pass ? rule.value : (picklist.find((v) => v !== rule.value) ?? null);
        case 'between':
            return pass
                ? Math.round(rule.low + (rule.high - rule.low) * random.next())
                : Math.round(rule.high + 1 + random.next() * 20);
        case 'in':
            return pass ? random.pick(rule.values) : (picklist.find((v) => !rule.values.includes(v)) ?? null);
        case 'notBlank':
            if (!pass) return null;
            if (type === 'date') return '2026-03-02';
            if (type === 'picklist' || type === 'multipicklist')
                return picklist.length ? random.pick(picklist) : 'Yes';
            return 'Documented with the customer';
        default:
            return null;
    }
}

export function fixtureDataset(process: ProcessDefinition, seed = 7): FixtureDataset {
    const random = createRandom(seed);
    const open = process.stages.filter((s) => !s.isClosed);
    const won = process.stages.find((s) => s.isWon);
    const lost = process.stages.find((s) => s.isClosed && !s.isWon);
    if (!won || !lost) throw new Error('The process needs a won and a lost closed stage.');
    const opportunities: OpportunityRecord[] = [];
    const stageHistory: StageHistoryRow[] = [];
    const start = Date.parse('2025-01-06T09:00:00Z');

    for (let i = 0; i < 360; i++) {
        const quality = random.next();
        const isOpen = i >= 330;
        const owner = OWNERS[i % OWNERS.length];
        const id = `006FIX${String(i).padStart(9, '0')}AA`;
        const amount = Math.round(random.lognormal(10.3, 0.6) / 100) * 100;
        let at = start + i * 1.6 * DAY;
        const fields: Record<string, FieldValue> = {};
        for (const p of process.parameters) fields[p.field] = null;
        const reachStage = isOpen ? random.int(0, open.length - 1) : open.length;
        let outcome = lost;
        let stageIndex = 0;
        const rows: StageHistoryRow[] = [];
        for (; stageIndex < open.length; stageIndex++) {
            const stage = open[stageIndex];
            rows.push({
                opportunityId: id,
                stageName: stage.name,
                createdDate: new Date(at).toISOString(),
                amount,
                closeDate: null,
                probability: stage.probability,
                forecastCategory: stage.forecastCategory
            });
            for (const p of process.parameters.filter((x) => x.stage === stage.name)) {
                fields[p.field] = valueFor(p, process, random.next() < 0.25 + 0.65 * quality, random);
            }
            at += random.int(6, 30) * DAY;
            if (isOpen && stageIndex === reachStage) break;
            if (!isOpen && random.next() > 0.35 + 0.6 * quality) break;
            if (!isOpen && stageIndex === open.length - 1) outcome = won;
        }
        const current = isOpen ? open[Math.min(stageIndex, open.length - 1)] : outcome;
        if (!isOpen) {
            rows.push({
                opportunityId: id,
                stageName: outcome.name,
                createdDate: new Date(at).toISOString(),
                amount,
                closeDate: new Date(at).toISOString().slice(0, 10),
                probability: outcome.probability,
                forecastCategory: outcome.forecastCategory
            });
        }
        const closeDate = new Date(isOpen ? Date.parse('2026-12-15') + random.int(0, 90) * DAY : at)
            .toISOString()
            .slice(0, 10);
        for (const row of rows) row.closeDate = row.closeDate ?? closeDate;
        stageHistory.push(...rows);
        opportunities.push({
            id,
            name: `${ACCOUNTS[i % ACCOUNTS.length]} — ${['Platform', 'Expansion', 'Renewal', 'Pilot'][i % 4]} ${2025 + (i % 2)}`,
            accountId: `001FIX${String(i % ACCOUNTS.length).padStart(9, '0')}AA`,
            ownerId: owner.id,
            ownerName: owner.name,
            amount,
            closeDate,
            stageName: current.name,
            probability: current.probability,
            forecastCategory: current.forecastCategory,
            isClosed: current.isClosed,
            isWon: current.isWon,
            createdDate: rows[0].createdDate,
            lastModifiedDate: rows[rows.length - 1].createdDate,
            fields
        });
    }
    return { opportunities, stageHistory };
}
