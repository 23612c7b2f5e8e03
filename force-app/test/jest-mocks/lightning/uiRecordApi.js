/**
 * `lightning/uiRecordApi` for Jest. `getRecord` is a test wire adapter: a test calls
 * `getRecord.emit(recordFixture)` / `getRecord.error(...)` and reads `getRecord.getLastConfig()`
 * to see which fields a component asked for. Imperative functions are jest.fn()s that resolve.
 */
import { createLdsTestWireAdapter } from '@salesforce/sfdx-lwc-jest';

export const getRecord = createLdsTestWireAdapter(jest.fn());
export const getRecords = createLdsTestWireAdapter(jest.fn());
export const getRecordCreateDefaults = createLdsTestWireAdapter(jest.fn());

export const updateRecord = jest.fn(() => Promise.resolve({}));
export const createRecord = jest.fn(() => Promise.resolve({}));
export const deleteRecord = jest.fn(() => Promise.resolve());
export const notifyRecordUpdateAvailable = jest.fn(() => Promise.resolve());
export const generateRecordInputForCreate = jest.fn();
export const generateRecordInputForUpdate = jest.fn();
export const createRecordInputFilteredByEditedFields = jest.fn();

function fieldPath(field) {
    const name = typeof field === 'string' ? field : field.fieldApiName;
    // `Opportunity.Owner.Name` → ['Owner', 'Name'] when qualified with the object name.
    const parts = name.split('.');
    return typeof field === 'string' && parts.length > 1 ? parts.slice(1) : parts;
}

function fieldNode(record, field) {
    let node = record;
    const path = fieldPath(field);
    for (let i = 0; i < path.length; i++) {
        const entry = node && node.fields ? node.fields[path[i]] : undefined;
        if (entry === undefined) return undefined;
        if (i === path.length - 1) return entry;
        node = entry.value;
    }
    return undefined;
}

export const getFieldValue = jest.fn((record, field) => {
    const entry = fieldNode(record, field);
    return entry === undefined ? undefined : entry.value;
});

export const getFieldDisplayValue = jest.fn((record, field) => {
    const entry = fieldNode(record, field);
    return entry === undefined ? undefined : entry.displayValue;
});
