import { planOrgSeed, seedExternalId } from '../seed';
import { smallDataset } from './smallDataset';

describe('planOrgSeed', () => {
    const dataset = smallDataset({ count: 30 });
    const plan = planOrgSeed(dataset, 7);

    it('creates every deal once, in its first stage, with its name', () => {
        expect(plan.rounds[0]).toHaveLength(dataset.opportunities.length);
        expect(plan.rounds[0].every((r) => r.StageName === 'Prospecting' && typeof r.Name === 'string')).toBe(
            true
        );
        expect(plan.rounds[0][0].Stageplay_External_Id__c).toBe(
            seedExternalId(7, dataset.opportunities[0].id)
        );
    });

    it('replays each deal’s stage path as successive updates ending in its current state', () => {
        for (const deal of dataset.opportunities) {
            const key = seedExternalId(7, deal.id);
            const states = plan.rounds
                .map((round) => round.find((r) => r.Stageplay_External_Id__c === key))
                .filter(Boolean);
            const history = dataset.stageHistory.toRows().filter((h) => h.opportunityId === deal.id);
            expect(states.map((s) => s!.StageName)).toEqual(history.map((h) => h.stageName));
            expect(states[states.length - 1]).toMatchObject({
                StageName: deal.stageName,
                CloseDate: deal.closeDate,
                Amount: deal.amount
            });
            // Later rounds update, they never rename.
            expect(states.slice(1).every((s) => s!.Name === undefined)).toBe(true);
        }
    });

    it('carries parameter values as they were at each stage change', () => {
        // Deal 1 set its budget two days after creation: blank at creation, 150 by the time it reached Proposal.
        const key = seedExternalId(7, dataset.opportunities[1].id);
        const [first, second] = plan.rounds.map((round) =>
            round.find((r) => r.Stageplay_External_Id__c === key)
        );
        expect(first?.Budget__c).toBeNull();
        expect(second?.Budget__c).toBe(150);
    });

    it('sends a probability only when it overrides the stage default', () => {
        expect(plan.rounds.flat().some((r) => 'Probability' in r)).toBe(false);
    });

    it('skips deals the org already has, so a re-run writes nothing', () => {
        const all = new Set(dataset.opportunities.map((o) => seedExternalId(7, o.id)));
        expect(planOrgSeed(dataset, 7, all).rounds.flat()).toHaveLength(0);
    });
});
