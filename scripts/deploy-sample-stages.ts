/**
 * `npm run deploy:sample-stages -- --target-org <alias>`: the opt-in deploy of Stageplay's sample
 * Opportunity stages (Prospecting, Discovery, Solution/Presentation, Negotiate and Close, Closed Won,
 * Closed Lost), which the plays and the seed generator use.
 *
 * Why it is separate: deploying the `OpportunityStage` standard value set REPLACES the org's stage
 * list — every stage not in the file is deactivated, and in orgs with record types the new stages join
 * no Sales Process until an admin adds them. Right for a scratch or demo org, harmful in a sandbox
 * copied from production, so `sf project deploy start` never sends it (.forceignore) and this command
 * does, only when asked. The file stays in force-app/main/default/standardValueSets/, where the offline
 * process (`stageplay validate`, Data Export mode) and the stand-in org read it.
 *
 *   tsx scripts/deploy-sample-stages.ts --target-org <alias|username> [--dry-run]
 *
 * --dry-run lists what would be deployed and changes nothing. Exit codes: 0 deployed (or dry run),
 * 1 the org rejected the deploy (each failure printed), 2 bad usage or no login.
 */
import { join, resolve } from 'node:path';
import { MetadataResolver, ComponentSet, RegistryAccess } from '@salesforce/source-deploy-retrieve';

const REPO_ROOT = resolve(__dirname, '..');
export const SAMPLE_STAGES_FILE = join(
    REPO_ROOT,
    'force-app',
    'main',
    'default',
    'standardValueSets',
    'OpportunityStage.standardValueSet-meta.xml'
);

/**
 * The one component this command deploys. The resolver is told not to apply .forceignore: that file
 * keeps the stages out of every default deploy, which is exactly what this opt-in overrides.
 */
export function sampleStagesComponentSet(file = SAMPLE_STAGES_FILE): ComponentSet {
    const resolver = new MetadataResolver(new RegistryAccess(), undefined, false);
    const components = resolver.getComponentsFromPath(file);
    const set = new ComponentSet(components);
    const names = set.toArray().map((c) => `${c.type.name}:${c.fullName}`);
    if (names.length !== 1 || names[0] !== 'StandardValueSet:OpportunityStage') {
        throw new Error(
            `${file}: expected the OpportunityStage standard value set, found ${names.join(', ') || 'nothing'}`
        );
    }
    return set;
}

function usage(message: string): never {
    console.error(
        `deploy-sample-stages: ${message}\nusage: npm run deploy:sample-stages -- --target-org <alias> [--dry-run]`
    );
    process.exit(2);
}

async function main(argv: string[]): Promise<number> {
    const at = argv.indexOf('--target-org');
    const target = at >= 0 ? argv[at + 1] : undefined;
    if (!target || target.startsWith('--'))
        usage('--target-org is required: the stages of that org are replaced');
    const set = sampleStagesComponentSet();
    set.sourceApiVersion = '64.0';
    if (argv.includes('--dry-run')) {
        console.log(`would deploy StandardValueSet:OpportunityStage from ${SAMPLE_STAGES_FILE} to ${target}`);
        return 0;
    }
    // Loaded here so --dry-run and the tests need no sf login.
    const { Org } = await import('@salesforce/core');
    const org = await Org.create({ aliasOrUsername: target }).catch((error: unknown) =>
        usage(
            `no login for ${target}: ${error instanceof Error ? error.message : String(error)} (run \`sf org login web --alias ${target}\`)`
        )
    );
    console.log(
        `deploying the sample Opportunity stages to ${org.getUsername()} (every other stage becomes inactive)`
    );
    const deploy = await set.deploy({ usernameOrConnection: org.getConnection() });
    const result = await deploy.pollStatus();
    const failures = result.getFileResponses().filter((response) => response.state === 'Failed');
    for (const failure of failures) {
        console.error(
            `${failure.filePath ?? failure.fullName}: ${'error' in failure ? failure.error : 'failed'}`
        );
    }
    if (!result.response.success) {
        console.error(
            `deploy ${result.response.id} failed: ${result.response.errorMessage ?? `${failures.length} component failure(s)`}`
        );
        return 1;
    }
    console.log(
        `deployed (deploy ${result.response.id}). In orgs with record types, add the stages to your Sales Processes.`
    );
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error(`deploy-sample-stages: ${error instanceof Error ? error.message : String(error)}`);
            process.exit(2);
        }
    );
}
