/**
 * A small, hand-shaped dataset for the ops tests: four open stages and two closed ones, one required
 * numeric parameter that really predicts winning (budget >= 100), deals created every few days
 * through 2025-2026. Everything is derived from the deal's index, so counts are easy to reason about.
 */
import type { FieldHistoryRow, OpportunityRecord, ProcessDefinition, StageHistoryRow } from '../../core';
import { FieldHistoryTable, StageHistoryTable } from '../../core';
import type { Dataset } from '../../dataset';
import { inMemoryQuality } from '../../records/ledger';

export const smallProcess: ProcessDefinition = {
    stages: [
        {
            name: 'Prospecting',
            label: 'Prospecting',
            probability: 0.1,
            forecastCategory: 'Pipeline',
            isClosed: false,
            isWon: false,
            isActive: true,
            sortOrder: 1
        },
        {
            name: 'Proposal',
            label: 'Proposal',
            probability: 0.5,
            forecastCategory: 'Best Case',
            isClosed: false,
            isWon: false,
            isActive: true,
            sortOrder: 2
        },
        {
            name: 'Negotiation',
            label: 'Negotiation',
            probability: 0.8,
            forecastCategory: 'Commit',
            isClosed: false,
            isWon: false,
            isActive: true,
            sortOrder: 3
        },
        {
            name: 'Closed Won',
            label: 'Closed Won',
            probability: 1,
            forecastCategory: 'Closed',
            isClosed: true,
            isWon: true,
            isActive: true,
            sortOrder: 4
        },
        {
            name: 'Closed Lost',
            label: 'Closed Lost',
            probability: 0,
            forecastCategory: 'Omitted',
            isClosed: true,
            isWon: false,
            isActive: true,
            sortOrder: 5
        }
    ],
    plays: [
        {
            name: 'Qualify',
            label: 'Qualify',
            stage: 'Prospecting',
            order: 1,
            goal: 'Qualify',
            guidance: 'Find the budget.'
        }
    ],
    parameters: [
        {
            name: 'Budget',
            label: 'Budget',
            play: 'Qualify',
            stage: 'Prospecting',
            field: 'Budget__c',
            question: 'What budget is set aside?',
            rule: '>= 100',
            weight: 1,
            requiredToAdvance: true,
            order: 1
        }
    ],
    fields: { Budget__c: { apiName: 'Budget__c', label: 'Budget', type: 'number' } }
};

function addDays(date: string, n: number): string {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
}

const at = (date: string) => `${date}T10:00:00.000Z`;

/**
 * `count` deals, one every 5 days from 2025-01-01. Deal i: budget 150 when i % 3 != 0 (else 50, or
 * blank when i % 6 == 0); closed deals win when the budget passed and i % 4 != 1. Deals created in
 * the last ~100 days before `today` stay open.
 */
export function smallDataset(
    options: { count?: number; today?: string; nameOf?: (i: number) => string } = {}
): Dataset {
    const count = options.count ?? 140;
    const today = options.today ?? '2026-11-16';
    const opportunities: OpportunityRecord[] = [];
    const stageHistory: StageHistoryRow[] = [];
    const fieldHistory: FieldHistoryRow[] = [];
    const owners = ['005A', '005B'];
    for (let i = 0; i < count; i++) {
        const id = `006${String(i).padStart(5, '0')}`;
        const created = addDays('2025-01-01', i * 5);
        if (created > today) break;
        const budget = i % 3 !== 0 ? 150 : i % 6 === 0 ? null : 50;
        const goodBudget = budget !== null && budget >= 100;
        const amount = 1000 * (1 + (i % 7));
        const closeDate = addDays(created, 60);
        const proposalAt = addDays(created, 10);
        const negotiationAt = addDays(created, 30);
        const closedAt = closeDate;
        const open = closedAt > today;
        const won = !open && goodBudget && i % 4 !== 1;
        const path: Array<{
            stage: string;
            date: string;
            probability: number;
            category: StageHistoryRow['forecastCategory'];
        }> = [{ stage: 'Prospecting', date: created, probability: 0.1, category: 'Pipeline' }];
        if (proposalAt <= today)
            path.push({ stage: 'Proposal', date: proposalAt, probability: 0.5, category: 'Best Case' });
        if (negotiationAt <= today && (goodBudget || open)) {
            path.push({ stage: 'Negotiation', date: negotiationAt, probability: 0.8, category: 'Commit' });
        }
        if (!open) {
            path.push(
                won
                    ? { stage: 'Closed Won', date: closedAt, probability: 1, category: 'Closed' }
                    : { stage: 'Closed Lost', date: closedAt, probability: 0, category: 'Omitted' }
            );
        }
        for (const step of path) {
            stageHistory.push({
                opportunityId: id,
                stageName: step.stage,
                createdDate: at(step.date),
                amount,
                closeDate,
                probability: step.probability,
                forecastCategory: step.category
            });
        }
        const last = path[path.length - 1];
        if (budget !== null) {
            fieldHistory.push({
                opportunityId: id,
                field: 'Budget__c',
                oldValue: null,
                newValue: budget,
                createdDate: at(addDays(created, 2))
            });
        }
        opportunities.push({
            id,
            name: options.nameOf ? options.nameOf(i) : `Deal ${i}`,
            accountId: null,
            ownerId: owners[i % 2],
            ownerName: null,
            amount,
            closeDate,
            stageName: last.stage,
            probability: last.probability,
            forecastCategory: last.category,
            isClosed: !open,
            isWon: won,
            createdDate: at(created),
            lastModifiedDate: at(last.date),
            fields: { Budget__c: budget }
        });
    }
    return {
        process: smallProcess,
        opportunities,
        stageHistory: StageHistoryTable.fromRows(stageHistory),
        fieldHistory: FieldHistoryTable.fromRows(fieldHistory),
        users: [
            { id: '005A', name: 'Ada <Admin> & Co', isActive: true },
            { id: '005B', name: 'Bo Rep', isActive: true }
        ],
        accounts: [],
        problems: [],
        quality: inMemoryQuality()
    };
}
