/**
 * Which kind of org a connection points at, for the seed command's guard: generated history must
 * never land in a production org by accident.
 */
import { queryAllPages, retryPolicy, type RetryPolicy, type OrgConnection } from './http';

export interface OrgKind {
    isProduction: boolean;
    isSandbox: boolean;
    /** Scratch and trial orgs carry an expiry date. */
    isScratchOrTrial: boolean;
    organizationType: string | null;
    name: string | null;
}

interface OrganizationRow {
    Name: string | null;
    IsSandbox: boolean;
    TrialExpirationDate: string | null;
    OrganizationType: string | null;
}

export async function describeOrgKind(conn: OrgConnection, retry?: Partial<RetryPolicy>): Promise<OrgKind> {
    const [org] = await queryAllPages<OrganizationRow>(
        conn,
        'SELECT Name, IsSandbox, TrialExpirationDate, OrganizationType FROM Organization',
        retryPolicy(retry)
    );
    if (!org) throw new Error('The org returned no Organization row; cannot tell whether it is production.');
    const isScratchOrTrial = org.TrialExpirationDate !== null && org.TrialExpirationDate !== undefined;
    // A Developer Edition org is neither a sandbox nor on trial, but holds no business data either.
    const isDeveloperEdition = org.OrganizationType === 'Developer Edition';
    return {
        isProduction: !org.IsSandbox && !isScratchOrTrial && !isDeveloperEdition,
        isSandbox: org.IsSandbox === true,
        isScratchOrTrial,
        organizationType: org.OrganizationType ?? null,
        name: org.Name ?? null
    };
}

export async function isProductionOrg(conn: OrgConnection, retry?: Partial<RetryPolicy>): Promise<boolean> {
    return (await describeOrgKind(conn, retry)).isProduction;
}
