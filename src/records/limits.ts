/** Where a value stops being a business fact and becomes a typo, a placeholder or an overflow. */

/** An amount above this is treated as a typo or overflow, not a deal (a trillion in any currency). */
export const MAX_PLAUSIBLE_AMOUNT = 1e12;
/** Dates before this year are placeholders (0001-01-01) or typos, not business events. */
export const EARLIEST_PLAUSIBLE_YEAR = 1900;
/** Close dates after this year are placeholders (9999-12-31) or typos. */
export const LATEST_PLAUSIBLE_YEAR = 2200;
