/**
 * Salesforce writes the same record's id in two forms: 15 characters (case-sensitive, as reports and
 * older exports show it) and 18 (with a case-insensitive checksum, as the API returns it). Both name
 * one record, so every id is keyed in its 18-character form.
 */
import { idSuffix } from '../dataExport/salesforceId';

const ID_15 = /^[a-zA-Z0-9]{15}$/;

/** The 18-character form of a 15-character id; any other text is returned as written. */
export function normaliseId(text: string): string {
    return text.length === 15 && ID_15.test(text) ? text + idSuffix(text) : text;
}
