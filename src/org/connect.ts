/**
 * Opens a connection with the user's existing `sf` login (the same auth files, aliases and default
 * org as the CLI), or, for CI, with an access token from the environment.
 */
import type { Connection, Org } from '@salesforce/core';
import { OrgAuthError } from './errors';

export interface ConnectOptions {
    /** Alias or username as given to `sf` (`--target-org`); the sf default org when omitted. */
    targetOrg?: string;
    /** Environment to read SF_ACCESS_TOKEN / SF_INSTANCE_URL from; `process.env` by default. */
    env?: NodeJS.ProcessEnv;
}

function describeTarget(targetOrg: string | undefined): string {
    return targetOrg ? `org "${targetOrg}"` : 'the default org';
}

/**
 * @salesforce/core, with the jsforce under it, takes about a second of CPU to load, and the offline
 * commands (`--data`, `demo`, `--help`, `--version`) never connect: it is loaded on the first connection,
 * not at the top. A `require` call rather than `import()`: the CLI is CommonJS (tsc keeps the call as
 * written, so it stays lazy in dist/), and Jest's Babel transform leaves an `import()` to Node, which
 * refuses it inside Jest's module sandbox.
 */
function loadSalesforceCore(): typeof import('@salesforce/core') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
    return require('@salesforce/core') as typeof import('@salesforce/core');
}

/**
 * `targetOrg` wins over the environment, so a developer with CI variables set can still pick an org;
 * without it, SF_ACCESS_TOKEN + SF_INSTANCE_URL win over the sf default org.
 */
export async function connectToOrg(options: ConnectOptions = {}): Promise<Connection> {
    const { AuthInfo, Connection, Org } = loadSalesforceCore();
    const env = options.env ?? process.env;
    const accessToken = env.SF_ACCESS_TOKEN ?? env.SFDX_ACCESS_TOKEN;
    const instanceUrl = env.SF_INSTANCE_URL ?? env.SFDX_INSTANCE_URL;
    if (!options.targetOrg && accessToken && instanceUrl) {
        try {
            const authInfo = await AuthInfo.create({
                accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl }
            });
            return await Connection.create({ authInfo });
        } catch (err) {
            throw new OrgAuthError(
                `SF_ACCESS_TOKEN / SF_INSTANCE_URL were set but ${instanceUrl} did not accept them: ${(err as Error).message}`
            );
        }
    }
    if (!options.targetOrg && (accessToken || instanceUrl)) {
        throw new OrgAuthError(
            `Only ${accessToken ? 'SF_ACCESS_TOKEN' : 'SF_INSTANCE_URL'} is set; CI login needs both SF_ACCESS_TOKEN and SF_INSTANCE_URL.`
        );
    }
    let org: Org;
    try {
        org = await Org.create(options.targetOrg ? { aliasOrUsername: options.targetOrg } : {});
    } catch (err) {
        const e = err as Error;
        throw new OrgAuthError(
            `No sf login found for ${describeTarget(options.targetOrg)} (${e.name}: ${e.message}).`
        );
    }
    return org.getConnection();
}
