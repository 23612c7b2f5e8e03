/**
 * goals.csv: one row per goal and period (the past periods oldest first, then the current one), the
 * same figures as reconciliation.json `goals`, for a spreadsheet or a BI tool.
 */
import { periodLabel } from '../core';
import type { Reconciliation } from '../reconciliation';
import { roundForCsv, toCsv } from './csv';

export const GOALS_CSV = 'goals.csv';

export function goalsCsv(rec: Reconciliation): string {
    const rows = [...rec.goals.trend, ...rec.goals.byGoal];
    return toCsv(
        [
            'period',
            'period_label',
            'as_of',
            'goal_order',
            'goal',
            'label',
            'customer_value',
            'measure',
            'entered',
            'converted',
            'lost',
            'still_open',
            'conversion_rate',
            'conversion_low95',
            'conversion_high95',
            'median_days',
            'value_created',
            'target',
            'history_rate',
            'history_periods',
            'history_decided',
            'bottleneck',
            'worth_in_bookings'
        ],
        rows.map((r) => [
            r.period,
            periodLabel(r.period, rec.spec),
            r.asOf,
            r.order,
            r.goal,
            r.label,
            r.customerValue,
            r.measure,
            r.entered,
            r.converted,
            r.lost,
            r.entered - r.converted - r.lost,
            roundForCsv(r.conversionRate, 4),
            roundForCsv(r.conversionInterval95?.[0] ?? null, 4),
            roundForCsv(r.conversionInterval95?.[1] ?? null, 4),
            roundForCsv(r.medianDays, 1),
            roundForCsv(r.valueCreated, 2),
            r.target,
            roundForCsv(r.historyRate, 4),
            r.historyPeriods,
            r.historyDecided ?? 0,
            r.bottleneck,
            roundForCsv(r.worthInBookings, 2)
        ])
    );
}
