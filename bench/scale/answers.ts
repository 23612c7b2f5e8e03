/**
 * "Speed must not change answers": digests of a `learn` and a `reconcile` run's output files, compared with
 * the committed reference made from the implementation before the engine work (bench/reference-100k.json).
 *
 * Compared: learn's benchmarks.json and data-quality.csv; reconcile's report/reconciliation.json and every
 * report/*.csv. Not compared: report.html (a rendering of reconciliation.json with the generation time in
 * it). What canonical means (timestamps dropped, numbers to 12 significant digits) is in bench/digest.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
    compareDigests,
    digestFile,
    IGNORED_KEYS,
    IGNORED_PATHS,
    SIGNIFICANT_DIGITS,
    type Comparison,
    type DigestNode
} from '../digest';

export const REFERENCE_DEALS = 100_000;

export interface Reference {
    description: string;
    /** The commit whose CLI produced the outputs, and how it was run. */
    madeFrom: { commit: string; learn: string; reconcile: string };
    canonical: { ignoredKeys: string[]; ignoredPaths: string[]; significantDigits: number };
    files: Record<string, DigestNode>;
}

/** The output files the check covers, as `learn/<name>` and `reconcile/<path under the out dir>`. */
export function answerFiles(learnOut: string, reconcileOut: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (const name of ['benchmarks.json', 'data-quality.csv']) {
        const file = path.join(learnOut, name);
        if (fs.existsSync(file)) files[`learn/${name}`] = file;
    }
    const report = path.join(reconcileOut, 'report');
    if (fs.existsSync(report)) {
        for (const name of fs.readdirSync(report).sort()) {
            if (name.endsWith('.json') || name.endsWith('.csv'))
                files[`reconcile/report/${name}`] = path.join(report, name);
        }
    }
    return files;
}

export function digestAnswers(learnOut: string, reconcileOut: string): Record<string, DigestNode> {
    const digests: Record<string, DigestNode> = {};
    for (const [name, file] of Object.entries(answerFiles(learnOut, reconcileOut))) {
        digests[name] = digestFile(name, fs.readFileSync(file, 'utf8'));
    }
    return digests;
}

export function makeReference(
    learnOut: string,
    reconcileOut: string,
    madeFrom: Reference['madeFrom']
): Reference {
    return {
        description:
            'Canonical digests of stageplay learn + reconcile outputs on the 100k benchmark dataset ' +
            '(seed --deals 100000 --seed 1 --today 2026-11-15), checked by npm run bench:scale; see bench/digest.ts.',
        madeFrom,
        canonical: {
            ignoredKeys: [...IGNORED_KEYS].sort(),
            ignoredPaths: [...IGNORED_PATHS].sort(),
            significantDigits: SIGNIFICANT_DIGITS
        },
        files: digestAnswers(learnOut, reconcileOut)
    };
}

export function checkAnswers(reference: Reference, learnOut: string, reconcileOut: string): Comparison[] {
    return compareDigests(reference.files, digestAnswers(learnOut, reconcileOut));
}
