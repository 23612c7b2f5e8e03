// Generated from healthView.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
import { accountDealFrom, accountPipeline, buildDealPaths, creditHeadroom, financeFactsFrom, financeFlag, financeStatus, CREDIBLE_CRITERION, describeEvidence, describeRule, FLAG_LABELS, flagDeals, formatAnswer, formatCount, formatPercentValue, formatRatio, HEALTH_WORDS, humanizeKey, NOT_PREDICTIVE_TEXT, parseRule, plural, ruleDisagreementText, scoreDeal, unclearEvidenceText } from 'c/stageplayCore';
import { cardNotice } from 'c/cardNotices';
import { fieldValue, toBenchmarks, toOpportunityRecord, toProcessDefinition, toStageHistory } from 'c/stageplayApex';
export const NO_BENCHMARKS_TEXT = 'No benchmarks are published for this org yet, so the numbers below are the stage probabilities. Ask your admin to run ';
/** The command that learns benchmarks from closed deals and publishes them to the org. */
export const LEARN_COMMAND = 'stageplay learn --target-org <alias>';
/** Badge colours for the status vocabulary the core defines (`HEALTH_WORDS`). */
const HEALTH_BADGES = {
    healthy: 'slds-badge slds-theme_success',
    atRisk: 'slds-badge slds-theme_warning',
    unhealthy: 'slds-badge slds-theme_error',
    unknown: 'slds-badge'
};
const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 };
export function percent(p) {
    return typeof p === 'number' && Number.isFinite(p) ? formatPercentValue(p) : '—';
}
function valueText(record, field, value) {
    if (value === undefined || value === null || value === '')
        return 'Blank';
    // The org's own display value (currency symbol, picklist label, locale) wins over ours.
    const display = record.fields[field]?.displayValue;
    if (display)
        return display;
    // A multi-select picklist arrives as `a;b`.
    if (typeof value === 'string')
        return value.split(';').join(', ');
    return formatAnswer(value);
}
export function fieldAccess(context, record) {
    const access = new Map();
    const described = new Map(context.fields.map((f) => [f.apiName, f]));
    for (const parameter of context.parameters) {
        const name = parameter.field;
        if (access.has(name))
            continue;
        const f = described.get(name);
        let problem = null;
        if (!f || !f.exists) {
            problem = `The field ${name} named by parameter ${parameter.developerName} does not exist on Opportunity. Ask your admin to fix the Stageplay metadata.`;
        }
        else if (!f.isAccessible || record.fields[name] === undefined) {
            problem = `You don't have access to ${f.label} (${name}). Ask your admin for read access to this field.`;
        }
        access.set(name, {
            apiName: name,
            label: f?.label || name,
            canRead: problem === null,
            canEdit: problem === null && Boolean(f?.isUpdateable),
            problem
        });
    }
    return access;
}
function ruleText(parameter) {
    try {
        return {
            text: describeRule(parseRule(parameter.rule, `Play_Parameter__mdt.${parameter.name}`)),
            valid: true
        };
    }
    catch (e) {
        return { text: e.message, valid: false };
    }
}
function benchmarkView(assessment) {
    const benchmark = assessment?.benchmark;
    if (!assessment || !benchmark)
        return null;
    const dealBucket = assessment.bucket?.key ?? null;
    const rows = benchmark.buckets.map((b) => {
        const closed = b.won + b.lost;
        const isDeal = b.key === dealBucket;
        return {
            key: b.key,
            label: isDeal ? `${b.label} (this deal)` : b.label,
            won: b.won,
            lost: b.lost,
            winRateText: closed > 0 ? percent(b.won / closed) : '—',
            isDeal,
            rowClass: isDeal ? 'slds-hint-parent stageplay-deal-row' : 'slds-hint-parent'
        };
    });
    const bucket = assessment.bucket;
    const total = benchmark.won + benchmark.lost;
    return {
        summary: bucket
            ? `Deals with this answer (${bucket.label}): Won ${bucket.won} / Lost ${bucket.lost}`
            : 'This answer has no won/lost history yet',
        totals: `Out of ${plural(total, 'closed deal', 'closed deals')} at this stage: Won ${benchmark.won} / Lost ${benchmark.lost}`,
        statusNote: benchmark.status === 'ok'
            ? null
            : benchmark.status === 'thin'
                ? `Thin history: based on ${plural(total, 'closed deal', 'closed deals')}.`
                : 'No closed deals answered this yet.',
        rows
    };
}
const PARAMETER_STATUS = {
    good: { label: 'Meets rule', badge: 'slds-badge slds-theme_success' },
    missing: { label: 'Missing', badge: 'slds-badge slds-theme_warning' },
    failing: { label: 'Fails rule', badge: 'slds-badge slds-theme_error' },
    noAccess: { label: 'No access', badge: 'slds-badge slds-badge_lightest' },
    invalidRule: { label: 'Rule error', badge: 'slds-badge slds-theme_error' }
};
function playsOf(process, stage, score, access, record) {
    const assessments = new Map((score?.parameters ?? []).map((a) => [a.parameter.name, a]));
    return process.plays
        .filter((play) => play.stage === stage)
        .map((play) => {
        const parameters = process.parameters
            .filter((p) => p.play === play.name)
            .map((p) => {
            const fieldAccessInfo = access.get(p.field);
            const assessment = assessments.get(p.name);
            const rule = ruleText(p);
            const readable = fieldAccessInfo?.canRead ?? false;
            const status = !readable
                ? 'noAccess'
                : !rule.valid
                    ? 'invalidRule'
                    : (assessment?.health ?? 'missing');
            const value = readable ? fieldValue(record, p.field) : undefined;
            return {
                key: p.name,
                label: p.label,
                question: p.question || p.label,
                field: p.field,
                fieldLabel: fieldAccessInfo?.label ?? p.field,
                valueText: readable ? valueText(record, p.field, value) : 'Hidden',
                ruleText: rule.valid ? `Good answer: ${rule.text}` : rule.text,
                required: p.requiredToAdvance,
                status,
                statusLabel: PARAMETER_STATUS[status].label,
                badgeClass: PARAMETER_STATUS[status].badge,
                canEdit: fieldAccessInfo?.canEdit ?? false,
                accessMessage: fieldAccessInfo?.problem ?? null,
                benchmark: readable ? benchmarkView(assessment) : null
            };
        });
        return {
            key: play.name,
            label: play.label,
            goal: play.goal,
            guidance: play.guidance,
            parameters
        };
    });
}
function factorsOf(score, record) {
    return score.factors
        .filter((f) => f.bucket !== null && f.contribution !== 0)
        .map((f) => {
        const bucket = f.bucket;
        const ratio = Math.exp(f.contribution);
        const raises = f.contribution > 0;
        const valueShown = valueText(record, f.parameter.field, f.value);
        const interval = bucket.ratioLow != null && bucket.ratioHigh != null
            ? ` (95%: ${formatRatio(bucket.ratioLow)}–${formatRatio(bucket.ratioHigh)})`
            : '';
        return {
            key: f.parameter.name,
            label: f.parameter.label,
            question: f.parameter.question,
            valueText: valueShown,
            bucketLabel: bucket.label,
            direction: raises ? 'raises' : 'lowers',
            effectText: `${raises ? 'Raises' : 'Lowers'} odds ${formatRatio(ratio)}${interval}`,
            countsText: `Won ${formatCount(bucket.won)} / Lost ${formatCount(bucket.lost)} had this`,
            disagreementText: f.ruleDisagrees
                ? ruleDisagreementText(f.outcome === 'fail', valueShown, bucket.won, bucket.lost)
                : null,
            iconName: raises ? 'utility:arrowup' : 'utility:arrowdown',
            iconVariant: raises ? 'success' : 'error'
        };
    });
}
/** Answered parameters that do not move the odds, each saying why: no clear effect yet (n), or no past deal had it. */
function unclearOf(score, record) {
    return score.parameters
        .filter((a) => a.bucket !== null && a.contribution === 0 && a.outcome !== 'blank')
        .filter((a) => a.evidence !== 'credible' || score.parametersNotPredictive)
        .map((a) => ({
        key: a.parameter.name,
        label: a.parameter.label,
        valueText: valueText(record, a.parameter.field, a.value),
        text: a.evidence === 'credible'
            ? `history shows ${formatRatio(a.bucket.shrunkRatio)}, not used (n = ${formatCount(a.bucket.won + a.bucket.lost)})`
            : unclearEvidenceText(a.bucket.won, a.bucket.lost)
    }));
}
export function flagsOf(flags) {
    return [...flags]
        .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
        .map((f, i) => ({
        key: `${f.kind}-${i}`,
        kind: f.kind,
        label: FLAG_LABELS[f.kind] ?? humanizeKey(f.kind),
        severity: f.severity,
        severityLabel: `${f.severity.charAt(0).toUpperCase()}${f.severity.slice(1)} severity`,
        badgeClass: f.severity === 'high'
            ? 'slds-badge slds-theme_error'
            : f.severity === 'medium'
                ? 'slds-badge slds-theme_warning'
                : 'slds-badge',
        message: f.message,
        // A blank fact (e.g. no median without history) says nothing: the core leaves it out.
        evidence: describeEvidence(f)
    }));
}
/**
 * The flag a deal carries when its account is on credit hold, past due or over its credit headroom,
 * from the accounting facts Apex read with the deal. The headroom counts the account's open deals at
 * their history-adjusted probability, scored with the same process and benchmarks as this deal (the
 * Account page's number); with amounts hidden it counts the open balance only. Null without facts.
 */
export function dealFinanceFlag(context, process, benchmarks, opportunity) {
    const facts = financeFactsFrom(context.accountFinance);
    if (!facts)
        return null;
    const answerFields = process.parameters.map((p) => p.field);
    const openDeals = (context.accountOpenDeals ?? []).map((row) => accountDealFrom(row, answerFields));
    const amountsHidden = (context.unreadableFields ?? []).includes('Opportunity.Amount');
    const pipeline = openDeals.length > 0 && !amountsHidden
        ? accountPipeline(process, benchmarks, openDeals).adjusted
        : null;
    return financeFlag(opportunity, financeStatus(facts), creditHeadroom(facts, pipeline));
}
/** For a closed deal: the last open stage it was in, so the retrospective shows where it was decided. */
function lastOpenStage(process, context) {
    const open = new Set(process.stages.filter((s) => !s.isClosed).map((s) => s.name));
    const visited = [...context.history]
        .sort((a, b) => a.createdDate.localeCompare(b.createdDate))
        .map((h) => h.stageName)
        .filter((s) => open.has(s));
    return visited.length > 0 ? visited[visited.length - 1] : null;
}
function probabilityView(score, stageLabel, benchmarks, outcome) {
    const stage = score.stageBenchmark;
    const reached = stage?.reached ?? 0;
    let sampleText;
    if (!benchmarks)
        sampleText = 'No published history yet: showing the stage probability.';
    else if (score.historyDeals !== null && score.historyDeals < score.minimumDeals)
        sampleText = `Only ${plural(score.historyDeals, 'closed deal', 'closed deals')} in history, fewer than the ${formatCount(score.minimumDeals)} needed: showing the stage probability.`;
    else if (!stage || reached === 0)
        sampleText = `No closed deals have reached ${stageLabel} yet.`;
    else
        sampleText = `Based on ${plural(reached, 'closed deal', 'closed deals')} that reached ${stageLabel} (won ${formatCount(stage.won)}, lost ${formatCount(stage.lost)}).`;
    const hasInterval = score.adjustedLow !== null && score.adjustedHigh !== null;
    return {
        heading: outcome ? `Retrospective: odds while in ${stageLabel}` : 'Win probability',
        stageLabel,
        adjustedText: percent(score.adjusted),
        adjustedValue: Math.round(score.adjusted * 100),
        nominalText: percent(score.nominal),
        baselineText: benchmarks && stage ? percent(score.baseline) : null,
        intervalText: hasInterval ? `${percent(score.adjustedLow)}–${percent(score.adjustedHigh)}` : null,
        overrideText: score.dealProbability !== null && !outcome
            ? `Rep override: ${percent(score.dealProbability)} (stage default ${percent(score.nominal)})`
            : null,
        sampleText,
        thin: score.status === 'thinHistory' || stage?.status === 'thin',
        hasHistory: Boolean(benchmarks && stage && reached > 0)
    };
}
export function buildHealth(context, record, requestedStage, today) {
    const process = toProcessDefinition(context);
    const { benchmarks, problems } = toBenchmarks(context.benchmarks);
    const access = fieldAccess(context, record);
    // Fields the user cannot read are left out of the scoring rather than treated as blank (a hidden
    // answer must not count against the deal), and so are rules that do not parse: the core rejects
    // them, and one bad metadata record should cost its own line, not the whole card.
    const scoring = {
        ...process,
        parameters: process.parameters.filter((p) => access.get(p.field)?.canRead && ruleText(p).valid)
    };
    const opportunity = toOpportunityRecord(record, scoring.parameters.map((p) => p.field));
    const outcome = opportunity.isClosed ? (opportunity.isWon ? 'won' : 'lost') : null;
    const stageByName = new Map(process.stages.map((s) => [s.name, s]));
    const scoredStage = outcome
        ? (lastOpenStage(process, context) ?? opportunity.stageName)
        : opportunity.stageName;
    const scoredLabel = stageByName.get(scoredStage)?.label ?? scoredStage;
    const dealAt = (stage) => ({
        stageName: stage,
        probability: stage === opportunity.stageName ? opportunity.probability : null,
        isClosed: stage === opportunity.stageName ? opportunity.isClosed : false,
        isWon: stage === opportunity.stageName ? opportunity.isWon : false,
        fields: opportunity.fields
    });
    const score = scoreDeal(scoring, benchmarks, dealAt(scoredStage));
    const openStages = process.stages.filter((s) => !s.isClosed && (s.isActive || s.name === scoredStage));
    const selectedStage = requestedStage && openStages.some((s) => s.name === requestedStage) ? requestedStage : scoredStage;
    const viewed = selectedStage === scoredStage ? score : scoreDeal(scoring, benchmarks, dealAt(selectedStage));
    const notices = [];
    const notice = (key, variant, text, command = null) => notices.push(cardNotice(key, variant, text, command));
    if (!context.benchmarksAccessible) {
        notice('benchmark-access', 'warning', "You don't have access to Stageplay benchmarks (Stageplay_Benchmark__c), so history is not shown. Ask your admin for the Stageplay Rep permission set.");
    }
    else if (!benchmarks) {
        notice('no-benchmarks', 'info', NO_BENCHMARKS_TEXT, LEARN_COMMAND);
    }
    if (benchmarks &&
        score.historyDeals !== null &&
        score.historyDeals < score.minimumDeals &&
        score.status !== 'unknownStage') {
        notice('min-history', 'info', `Benchmarks rest on ${plural(score.historyDeals, 'closed deal', 'closed deals')}; at least ${formatCount(score.minimumDeals)} are needed before any is used, so the numbers below are the stage probabilities.`);
    }
    if (score.parametersNotPredictive && !outcome) {
        notice('not-predictive', 'info', NOT_PREDICTIVE_TEXT);
    }
    for (const a of score.parameters.filter((p) => p.ruleDisagrees && p.bucket)) {
        notice(`rule-history-${a.parameter.name}`, 'warning', `${a.parameter.label}: ${ruleDisagreementText(a.outcome === 'fail', valueText(record, a.parameter.field, a.value), a.bucket.won, a.bucket.lost)} Ask your admin to review the rule.`);
    }
    if (score.status === 'thinHistory' && score.stageBenchmark) {
        notice('thin', 'info', `Thin history: based on ${plural(score.stageBenchmark.reached, 'closed deal', 'closed deals')} that reached ${scoredLabel}. Treat the adjusted probability as a rough guide.`);
    }
    if (score.status === 'unknownStage' || !stageByName.has(opportunity.stageName)) {
        notice('unknown-stage', 'warning', `The stage "${opportunity.stageName}" is not one of this org's Opportunity stages, so the deal cannot be scored.`);
    }
    for (const p of problems)
        notice(`problem-${p.key}`, 'warning', p.message);
    const dealFlags = [];
    try {
        const paths = buildDealPaths(scoring, [opportunity], toStageHistory(opportunity.id, context.history), []);
        dealFlags.push(...flagDeals(scoring, benchmarks, paths, today).filter((f) => f.dealId === opportunity.id));
    }
    catch (e) {
        notice('flags', 'warning', `Flags could not be computed: ${e.message}`);
    }
    try {
        const finance = dealFinanceFlag(context, scoring, benchmarks, opportunity);
        if (finance)
            dealFlags.push(finance);
    }
    catch (e) {
        notice('finance-flag', 'warning', `The account's finance flag could not be computed: ${e.message}`);
    }
    const flags = flagsOf(dealFlags);
    const plays = playsOf(process, selectedStage, viewed, access, record);
    const selectedLabel = stageByName.get(selectedStage)?.label ?? selectedStage;
    const stages = openStages.map((s) => ({
        name: s.name,
        label: s.label,
        isCurrent: s.name === scoredStage,
        marker: s.name !== scoredStage ? null : outcome ? '(last open stage)' : '(current)',
        isSelected: s.name === selectedStage,
        playCount: process.plays.filter((p) => p.stage === s.name).length
    }));
    const health = outcome ? 'unknown' : score.health;
    const badge = outcome
        ? outcome === 'won'
            ? { label: 'Won', badge: 'slds-badge slds-theme_success' }
            : { label: 'Lost', badge: 'slds-badge slds-theme_inverse' }
        : { label: HEALTH_WORDS[health].label, badge: HEALTH_BADGES[health] };
    return {
        stageLabel: stageByName.get(opportunity.stageName)?.label ?? opportunity.stageName,
        scoredStage,
        selectedStage,
        health,
        healthLabel: badge.label,
        healthBadgeClass: badge.badge,
        outcome,
        notices,
        probability: probabilityView(score, scoredLabel, benchmarks, outcome),
        factors: factorsOf(score, record),
        unclearFactors: outcome ? [] : unclearOf(score, record),
        criterionText: CREDIBLE_CRITERION,
        flags,
        flagsEmptyText: outcome
            ? 'Flags apply to open deals; this one is closed.'
            : 'No flags: nothing looks padded, skipped, slipped or stale.',
        benchmarkNote: benchmarks
            ? `Benchmarks learned${benchmarks.fittedAt ? ` ${benchmarks.fittedAt.slice(0, 10)}` : ''} from ${plural(benchmarks.dealCount, 'closed deal', 'closed deals')}.`
            : null,
        stages,
        plays,
        selectedStageLabel: selectedLabel,
        noPlaysText: plays.length === 0
            ? `No plays are set up for ${selectedLabel}. Your admin can add Stage Play records for this stage.`
            : null,
        hiddenFields: [...access.values()].filter((a) => !a.canRead)
    };
}
