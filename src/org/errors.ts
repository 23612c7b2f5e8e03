/**
 * Typed errors of the org adapter. Each says what the user does next; the CLI maps them to exit codes
 * (auth problems by name and `errorCode`, see src/errors.ts `looksLikeAuthError`).
 */

/** How to log in, in every auth-related message. */
export const LOGIN_COMMAND = 'sf org login web --alias my-org';

/** No usable credentials: no such alias, no default org, or CI variables missing. */
export class OrgAuthError extends Error {
    constructor(message: string) {
        super(
            `${message}\nLog in with \`${LOGIN_COMMAND}\` and pass --target-org my-org (or set a default with ` +
                '`sf config set target-org my-org`); in CI set SF_ACCESS_TOKEN and SF_INSTANCE_URL.'
        );
        this.name = 'OrgAuthError';
    }
}

/** The org refused the session (401 INVALID_SESSION_ID) and it could not be refreshed. */
export class SessionExpiredError extends Error {
    readonly errorCode = 'INVALID_SESSION_ID';
    constructor(readonly username: string | null) {
        super(
            `session expired: run \`${LOGIN_COMMAND}\` again${username ? ` for ${username}` : ''} ` +
                '(or renew SF_ACCESS_TOKEN), then re-run: ' +
                'rows already written are kept and are not sent twice (upserts are keyed by external id).'
        );
        this.name = 'SessionExpiredError';
    }
}

/** An API call that failed for good (not transient, or still failing after every retry). */
export class OrgRequestError extends Error {
    constructor(
        message: string,
        readonly errorCode: string,
        readonly status: number | null,
        readonly attempts: number
    ) {
        super(message);
        this.name = 'OrgRequestError';
    }
}

/** A delete asked for records Stageplay cannot prove it created. Nothing was deleted. */
export class UnsafeDeleteError extends Error {
    constructor(
        readonly sobject: string,
        readonly ids: string[],
        reason: string
    ) {
        super(
            `Refusing to delete ${ids.length} ${sobject} record(s) (${ids.slice(0, 5).join(', ')}` +
                `${ids.length > 5 ? ', ...' : ''}): ${reason}. Stageplay deletes only records it created.`
        );
        this.name = 'UnsafeDeleteError';
    }
}

/** The org's process definition (stages, plays, parameters) cannot be used as it stands. */
export class OrgProcessError extends Error {
    constructor(readonly issues: Array<{ record: string; field: string | null; message: string }>) {
        super(
            `The org's Stageplay process has ${issues.length} problem(s):\n` +
                issues.map((i) => `  ${i.record}${i.field ? ` ${i.field}` : ''}: ${i.message}`).join('\n')
        );
        this.name = 'OrgProcessError';
    }
}
