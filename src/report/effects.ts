/**
 * Which parameter answers are worth showing: the terminal summary and the reconciliation list the
 * same ones, so the choice is made once here.
 */
import type { Benchmarks, ProcessDefinition } from '../core';
import type { ParameterEffect } from '../reconciliation';

/**
 * Top parameter effects: the answers whose evidence is credible (interval excludes ×1), largest shrunk
 * effect first, with their counts and interval. Answers without a clear effect are not listed.
 */
export function topParameterEffects(
    salesProcess: ProcessDefinition,
    benchmarks: Benchmarks,
    limit = 8
): ParameterEffect[] {
    const labels = new Map(salesProcess.parameters.map((p) => [p.name, p.label]));
    const effects = benchmarks.parameters
        .filter((p) => p.status !== 'none')
        .flatMap((p) =>
            p.buckets
                .filter((b) => b.credible === true && b.shrunkRatio !== undefined)
                .map((b) => ({
                    stage: p.stage,
                    parameter: p.parameter,
                    label: labels.get(p.parameter) ?? p.parameter,
                    bucket: b.label,
                    won: b.won,
                    lost: b.lost,
                    likelihoodRatio: b.shrunkRatio as number,
                    ratioLow: b.ratioLow ?? (b.shrunkRatio as number),
                    ratioHigh: b.ratioHigh ?? (b.shrunkRatio as number)
                }))
        );
    effects.sort((a, b) => Math.abs(Math.log(b.likelihoodRatio)) - Math.abs(Math.log(a.likelihoodRatio)));
    return effects.slice(0, limit);
}
