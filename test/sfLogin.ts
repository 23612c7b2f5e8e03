/**
 * How the org tests log the real `sf` CLI in to the stand-in org, as an analyst would on a
 * workstation: `npx` runs these arguments, with the token in the child's `SF_ACCESS_TOKEN`.
 */
export function sfAccessTokenLoginArgs(instanceUrl: string, alias: string): string[] {
    return [
        'sf',
        'org',
        'login',
        'access-token',
        '--instance-url',
        instanceUrl,
        '--alias',
        alias,
        '--no-prompt'
    ];
}
