/**
 * Forecast snapshots: what the forecast said on a given day, kept so that later runs can compare
 * with what was actually forecast at the time (the backtest rebuilds the past from history; a
 * snapshot records it). Rows match `Stageplay_Forecast_Snapshot__c` (docs/DESIGN.md, "Org schema").
 *
 * Per row (period × total / forecast category / owner): `Stated_Expected__c` is Σ amount × deal
 * probability over the group's open deals dated in the period; `Adjusted_Expected__c` is the group's
 * share of the adjusted period forecast beyond booked (open deals' P(won by period end) × amount ×
 * amount change, any close date, plus deals not yet created), blank for periods past the ones the
 * adjusted forecast covers; `Booked__c` + either is that forecast.
 */
import type { ForecastDeal, ForecastRow, PeriodSpec } from '../core';
import { periodOf, rollupForecast, type PeriodForecast } from '../core';

import type { SnapshotComparison } from '../reconciliation';
import type { StageplayObject } from './orgWrite';

export const SNAPSHOT_SOBJECT = 'Stageplay_Forecast_Snapshot__c';
export const SNAPSHOT_KEY_FIELD = 'Snapshot_Key__c';

export type SnapshotGroupBy = 'total' | 'forecastCategory' | 'owner';

export interface SnapshotRow {
    Snapshot_Key__c: string;
    As_Of__c: string;
    Period__c: string;
    Group_By__c: SnapshotGroupBy;
    Group__c: string;
    Group_Label__c: string;
    Deals__c: number;
    Open_Amount__c: number;
    Stated_Expected__c: number;
    /** Null (blank) where the period has no adjusted forecast. */
    Adjusted_Expected__c: number | null;
    Commit_Amount__c: number;
    Booked__c: number;
}

export const SNAPSHOT_COLUMNS: Array<keyof SnapshotRow> = [
    'Snapshot_Key__c',
    'As_Of__c',
    'Period__c',
    'Group_By__c',
    'Group__c',
    'Group_Label__c',
    'Deals__c',
    'Open_Amount__c',
    'Stated_Expected__c',
    'Adjusted_Expected__c',
    'Commit_Amount__c',
    'Booked__c'
];

export function snapshotKey(asOf: string, period: string, groupBy: SnapshotGroupBy, group: string): string {
    return `${asOf}|${period}|${groupBy}|${group}`;
}

/** The record's Name (Text 80) as a person reads it in list views: `2026-11-15 · FY2026-Q4 · Commit`. */
export function snapshotRecordName(
    row: Pick<SnapshotRow, 'As_Of__c' | 'Period__c' | 'Group_Label__c'>
): string {
    const name = `${row.As_Of__c} · ${row.Period__c} · ${row.Group_Label__c}`;
    return name.length > 80 ? `${name.slice(0, 79)}…` : name;
}

export const SNAPSHOT_OBJECT: StageplayObject<SnapshotRow> = {
    sobject: SNAPSHOT_SOBJECT,
    keyField: SNAPSHOT_KEY_FIELD,
    nameOf: snapshotRecordName
};

const money = (n: number) => Math.round(n * 100) / 100;

/**
 * Rows for the current and later periods, per total, forecast category and owner: `deals` as they
 * stood at the end of `asOf`, and the adjusted period forecasts as of then (`periodForecastsAsOf`).
 */
export function snapshotRowsOf(
    deals: ForecastDeal[],
    spec: PeriodSpec,
    asOf: string,
    forecasts: readonly PeriodForecast[]
): SnapshotRow[] {
    const current = periodOf(asOf, spec).key;
    const commitKey = (period: string, groupBy: SnapshotGroupBy, group: string) =>
        `${period}|${groupBy}|${group}`;
    const commit = new Map<string, number>();
    for (const d of deals) {
        if (d.isClosed || d.forecastCategory !== 'Commit') continue;
        const period = periodOf(d.closeDate, spec).key;
        for (const [groupBy, group] of [
            ['total', '*'],
            ['forecastCategory', d.forecastCategory],
            ['owner', d.ownerId]
        ] as Array<[SnapshotGroupBy, string]>) {
            const key = commitKey(period, groupBy, group);
            commit.set(key, (commit.get(key) ?? 0) + d.amount);
        }
    }
    const rows: SnapshotRow[] = [];
    for (const groupBy of ['total', 'forecastCategory', 'owner'] as SnapshotGroupBy[]) {
        for (const r of rollupForecast(deals, spec, groupBy, forecasts).filter(
            (row: ForecastRow) => row.period >= current
        )) {
            rows.push({
                Snapshot_Key__c: snapshotKey(asOf, r.period, groupBy, r.group),
                As_Of__c: asOf,
                Period__c: r.period,
                Group_By__c: groupBy,
                Group__c: r.group,
                Group_Label__c: r.groupLabel,
                Deals__c: r.deals,
                Open_Amount__c: money(r.openAmount),
                Stated_Expected__c: money(r.statedExpected),
                Adjusted_Expected__c: r.adjustedExpected === null ? null : money(r.adjustedExpected),
                Commit_Amount__c: money(commit.get(commitKey(r.period, groupBy, r.group)) ?? 0),
                Booked__c: money(r.booked)
            });
        }
    }
    return rows;
}

/**
 * Compares the period totals of stored snapshots with what is known now: `totalsNow` are today's
 * total rollup rows (`rollupForecast(…, 'total', forecasts)`), so both sides use one definition.
 */
export function compareSnapshots(
    snapshots: SnapshotRow[],
    totalsNow: readonly ForecastRow[]
): SnapshotComparison {
    const now = new Map(totalsNow.map((r) => [r.period, r]));
    const rows = snapshots
        .filter((s) => s.Group_By__c === 'total')
        .map((s) => {
            const current = now.get(s.Period__c);
            return {
                asOf: s.As_Of__c,
                period: s.Period__c,
                statedThen: Number(s.Booked__c) + Number(s.Stated_Expected__c),
                adjustedThen:
                    s.Adjusted_Expected__c === null
                        ? null
                        : Number(s.Booked__c) + Number(s.Adjusted_Expected__c),
                commitThen: Number(s.Booked__c) + Number(s.Commit_Amount__c),
                bookedNow: current?.booked ?? 0,
                statedNow: (current?.booked ?? 0) + (current?.statedExpected ?? 0),
                adjustedNow:
                    current?.adjustedExpected === null || current?.adjustedExpected === undefined
                        ? null
                        : current.booked + current.adjustedExpected
            };
        })
        .sort((a, b) => a.period.localeCompare(b.period) || a.asOf.localeCompare(b.asOf));
    return { snapshots: snapshots.length, rows };
}

/** Values read from CSV or an org come back as strings or numbers; this normalises them. */
export function toSnapshotRow(raw: Record<string, unknown>): SnapshotRow {
    const text = (k: keyof SnapshotRow) => String(raw[k] ?? '');
    const num = (k: keyof SnapshotRow) => {
        const n = Number(raw[k]);
        return Number.isFinite(n) ? n : 0;
    };
    return {
        Snapshot_Key__c: text('Snapshot_Key__c'),
        As_Of__c: text('As_Of__c').slice(0, 10),
        Period__c: text('Period__c'),
        Group_By__c: text('Group_By__c') as SnapshotGroupBy,
        Group__c: text('Group__c'),
        Group_Label__c: text('Group_Label__c'),
        Deals__c: num('Deals__c'),
        Open_Amount__c: num('Open_Amount__c'),
        Stated_Expected__c: num('Stated_Expected__c'),
        Adjusted_Expected__c:
            raw.Adjusted_Expected__c === null ||
            raw.Adjusted_Expected__c === undefined ||
            raw.Adjusted_Expected__c === ''
                ? null
                : num('Adjusted_Expected__c'),
        Commit_Amount__c: num('Commit_Amount__c'),
        Booked__c: num('Booked__c')
    };
}
