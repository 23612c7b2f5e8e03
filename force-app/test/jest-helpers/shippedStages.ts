/**
 * The Opportunity stages of the sales process this repository ships (force-app metadata), in sort
 * order: what the Apex context fixture and the stand-in org's describe both carry.
 */
export const SHIPPED_STAGE_NAMES: readonly string[] = [
    'Prospecting',
    'Discovery',
    'Solution/Presentation',
    'Negotiate and Close',
    'Closed Won',
    'Closed Lost'
];
