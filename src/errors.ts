/**
 * Typed CLI errors. Each kind maps to one documented exit code so that a CI job can tell a typo in a
 * flag from an expired login from a run where some records were rejected.
 */

export const EXIT_CODES = {
    ok: 0,
    failure: 1,
    usage: 2,
    auth: 3,
    partial: 4,
    refused: 5,
    unfit: 6,
    /** 128 + the signal's number, as shells report a process a signal ended. */
    interrupted: 130,
    terminated: 143
} as const;

export type ExitCodeName = keyof typeof EXIT_CODES;

/** The help epilog lists these, so the table and the behaviour cannot drift apart. */
export const EXIT_CODE_HELP: Array<[number, string]> = [
    [EXIT_CODES.ok, 'success'],
    [EXIT_CODES.failure, 'failure (bad data, unreadable files, an org call that failed outright)'],
    [EXIT_CODES.usage, 'usage error (unknown flag, bad value, missing --target-org/--data)'],
    [
        EXIT_CODES.auth,
        'no usable login for the org (run `sf org login web` or set SF_ACCESS_TOKEN + SF_INSTANCE_URL)'
    ],
    [
        EXIT_CODES.partial,
        'partial failure: some records were rejected (org writes: <out>/failures-<command>.csv; input rows above 1%: data-quality.csv)'
    ],
    [EXIT_CODES.refused, 'refused: the target is a production org and --allow-production was not given'],
    [
        EXIT_CODES.unfit,
        'input unfit: stage history missing or empty, no usable deals, or over 20% of rows rejected; nothing published (see data-quality.csv)'
    ],
    [EXIT_CODES.interrupted, 'interrupted by Ctrl-C (SIGINT); files being written may be incomplete'],
    [EXIT_CODES.terminated, 'stopped by SIGTERM (e.g. `kill <pid>`, a CI timeout); files may be incomplete']
];

export class StageplayError extends Error {
    readonly exitCode: number;
    readonly code: ExitCodeName;
    /** Extra facts for `--json` output (never credentials). */
    readonly details: Record<string, unknown>;

    constructor(code: ExitCodeName, message: string, details: Record<string, unknown> = {}) {
        super(message);
        this.name = 'StageplayError';
        this.code = code;
        this.exitCode = EXIT_CODES[code];
        this.details = details;
    }
}

/**
 * The base of an error class for one exit code: the code and the class's name are fixed, so each
 * kind is declared in one line and `instanceof` still tells the kinds apart.
 */
function errorOfKind(code: ExitCodeName, name: string) {
    return class extends StageplayError {
        constructor(message: string, details: Record<string, unknown> = {}) {
            super(code, message, details);
            this.name = name;
        }
    };
}

export class UsageError extends errorOfKind('usage', 'UsageError') {}

export class AuthError extends errorOfKind('auth', 'AuthError') {}

export class RefusedError extends errorOfKind('refused', 'RefusedError') {}

/**
 * Some rows were rejected while the rest went through. The command's result is still printed (and
 * still the `--json` object); this error only sets the exit code.
 */
export class PartialFailureError extends errorOfKind('partial', 'PartialFailureError') {}

/** How to log in, appended to auth failures: the user's next step, not a stack trace. */
export const LOGIN_HINT =
    'Log in with `sf org login web --alias my-org` (then pass --target-org my-org, or set a default with ' +
    '`sf config set target-org my-org`), or in CI set SF_ACCESS_TOKEN and SF_INSTANCE_URL.';

/** Classifies an error from the org adapter or @salesforce/core as an auth problem when it plainly is one. */
export function looksLikeAuthError(err: unknown): boolean {
    const name = (err as { name?: string })?.name ?? '';
    const errorCode = (err as { errorCode?: string })?.errorCode ?? '';
    const message = err instanceof Error ? err.message : String(err);
    return (
        /NamedOrgNotFound|NoAuthInfoFound|AuthInfo|NoDefaultEnvError|NoOrgFound|AuthError|INVALID_SESSION_ID/i.test(
            `${name} ${errorCode}`
        ) ||
        /INVALID_SESSION_ID|invalid_grant|expired access\/refresh token|No authorization information|no default/i.test(
            message
        )
    );
}
