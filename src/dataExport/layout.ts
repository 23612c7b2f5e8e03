/**
 * The Salesforce Data Export layout Stageplay reads and writes: one CSV per object, headers are
 * field API names. Required columns are the ones without which a file cannot be used at all; a
 * missing one is fatal. Everything else is optional and defaults sensibly.
 */

export const DATA_EXPORT_FILES = {
    opportunity: 'Opportunity.csv',
    stageHistory: 'OpportunityHistory.csv',
    fieldHistory: 'OpportunityFieldHistory.csv',
    stage: 'OpportunityStage.csv',
    user: 'User.csv',
    account: 'Account.csv'
} as const;

export type DataExportFileKind = keyof typeof DATA_EXPORT_FILES;

export const OPPORTUNITY_COLUMNS = [
    'Id',
    'Name',
    'AccountId',
    'OwnerId',
    'Amount',
    'CloseDate',
    'StageName',
    'Probability',
    'ForecastCategoryName',
    'IsClosed',
    'IsWon',
    'CreatedDate',
    'LastModifiedDate'
] as const;
export const OPPORTUNITY_REQUIRED = ['Id', 'OwnerId', 'StageName', 'CloseDate', 'CreatedDate'] as const;

export const STAGE_HISTORY_COLUMNS = [
    'Id',
    'OpportunityId',
    'StageName',
    'Amount',
    'CloseDate',
    'Probability',
    'ForecastCategory',
    'CreatedDate'
] as const;
export const STAGE_HISTORY_REQUIRED = ['OpportunityId', 'StageName', 'CreatedDate'] as const;

export const FIELD_HISTORY_COLUMNS = [
    'Id',
    'OpportunityId',
    'Field',
    'OldValue',
    'NewValue',
    'CreatedDate'
] as const;
export const FIELD_HISTORY_REQUIRED = ['OpportunityId', 'Field', 'NewValue', 'CreatedDate'] as const;

export const STAGE_COLUMNS = [
    'Id',
    'ApiName',
    'MasterLabel',
    'DefaultProbability',
    'ForecastCategoryName',
    'IsClosed',
    'IsWon',
    'IsActive',
    'SortOrder'
] as const;
export const STAGE_REQUIRED = ['ApiName', 'DefaultProbability', 'IsClosed', 'IsWon'] as const;

/** LastLoginDate is optional (adoption reads it); blank when unknown. */
export const USER_COLUMNS = ['Id', 'Name', 'IsActive', 'LastLoginDate'] as const;
export const USER_REQUIRED = ['Id'] as const;

export const ACCOUNT_COLUMNS = ['Id', 'Name', 'Industry', 'NumberOfEmployees'] as const;
/** Account.csv may also carry the accounting-fact columns: `FINANCE_COLUMNS` (src/records/finance.ts). */
export const ACCOUNT_REQUIRED = ['Id', 'Name'] as const;

/**
 * The optional files the KPIs and adoption read (issue 12). A Data Export of `Stageplay_Quota__c`
 * gives the quota file with these headers; Task, Event and LoginHistory are standard objects.
 */
export const PERFORMANCE_FILES = {
    quota: 'Stageplay_Quota__c.csv',
    login: 'LoginHistory.csv',
    task: 'Task.csv',
    event: 'Event.csv'
} as const;

export const QUOTA_COLUMNS = [
    'Id',
    'Rep__c',
    'Period_Start__c',
    'Period_End__c',
    'Amount__c',
    'Quota_Key__c'
] as const;
export const QUOTA_REQUIRED = ['Rep__c', 'Period_Start__c', 'Period_End__c', 'Amount__c'] as const;
export const LOGIN_COLUMNS = ['Id', 'UserId', 'LoginTime', 'Status'] as const;
export const LOGIN_REQUIRED = ['UserId', 'LoginTime'] as const;
export const TASK_COLUMNS = [
    'Id',
    'OwnerId',
    'WhatId',
    'Subject',
    'Status',
    'IsClosed',
    'ActivityDate',
    'CreatedDate'
] as const;
export const TASK_REQUIRED = ['OwnerId'] as const;
export const EVENT_COLUMNS = ['Id', 'OwnerId', 'WhatId', 'Subject', 'ActivityDate', 'EndDateTime'] as const;
export const EVENT_REQUIRED = ['OwnerId'] as const;
