// Generated from salesforceVocabulary.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * Forecast categories arrive as labels (`Opportunity.ForecastCategoryName`, `OpportunityStage`:
 * `Best Case`, `Commit`) or as the API values of the older picklist (`OpportunityHistory.ForecastCategory`,
 * Metadata API `forecastCategory`: `BestCase`, `Forecast`, `MostLikely`). Keys are lower case.
 */
const FORECAST_CATEGORY_WORDS = {
    pipeline: 'Pipeline',
    'best case': 'Best Case',
    bestcase: 'Best Case',
    // Most Likely sits between Best Case and Commit; the core has no such bucket, so it counts as the
    // more cautious one.
    'most likely': 'Best Case',
    mostlikely: 'Best Case',
    commit: 'Commit',
    forecast: 'Commit',
    closed: 'Closed',
    omitted: 'Omitted'
};
/** The core's category for a Salesforce forecast category label or API value (any case); null when unknown. */
export function forecastCategoryOf(text) {
    if (text === null || text === undefined)
        return null;
    return FORECAST_CATEGORY_WORDS[text.trim().toLowerCase()] ?? null;
}
/** The words `forecastCategoryOf` understands, for error messages. */
export const FORECAST_CATEGORY_SPELLINGS = [
    'Pipeline',
    'Best Case',
    'BestCase',
    'Most Likely',
    'MostLikely',
    'Commit',
    'Forecast',
    'Closed',
    'Omitted'
];
/**
 * The category Salesforce gives a stage (or a deal) with none set: Closed when won, Omitted when lost,
 * Pipeline while open.
 */
export function defaultForecastCategory(isClosed, isWon) {
    if (isClosed)
        return isWon ? 'Closed' : 'Omitted';
    return 'Pipeline';
}
/** The `OpportunityHistory.ForecastCategory` API value for a category, as a real export writes it. */
export function forecastCategoryApiValue(category) {
    switch (category) {
        case 'Best Case':
            return 'BestCase';
        case 'Commit':
            return 'Forecast';
        case null:
            return '';
        default:
            return category;
    }
}
/**
 * Field types by every name Salesforce gives them (lower case): Metadata API (`Number`, `Checkbox`,
 * `MultiselectPicklist`, `LongTextArea`...), describe (`double`, `int`, `string`, `reference`...) and
 * `Schema.DisplayType` (`DOUBLE`, `INTEGER`...). Types absent here (address, location, base64...)
 * cannot capture a parameter.
 */
const FIELD_TYPE_WORDS = {
    number: 'number',
    double: 'number',
    int: 'number',
    integer: 'number',
    long: 'number',
    currency: 'currency',
    percent: 'percent',
    boolean: 'boolean',
    checkbox: 'boolean',
    picklist: 'picklist',
    multipicklist: 'multipicklist',
    multiselectpicklist: 'multipicklist',
    text: 'text',
    string: 'text',
    email: 'text',
    phone: 'text',
    url: 'text',
    id: 'text',
    reference: 'text',
    lookup: 'text',
    encryptedtext: 'text',
    encryptedstring: 'text',
    autonumber: 'text',
    combobox: 'text',
    textarea: 'textarea',
    longtextarea: 'textarea',
    html: 'textarea',
    date: 'date',
    datetime: 'datetime'
};
/** The core's field type for a Salesforce type name (any of the three vocabularies, any case); null when it cannot capture a parameter. */
export function fieldTypeOf(salesforceType) {
    if (!salesforceType)
        return null;
    return FIELD_TYPE_WORDS[salesforceType.trim().toLowerCase()] ?? null;
}
