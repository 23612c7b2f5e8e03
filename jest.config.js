'use strict';
/**
 * Two Jest projects in one run:
 *  - `lwc`: everything under force-app (components and the domain core) through sfdx-lwc-jest's
 *    preset, in jsdom — which also proves the core runs without Node APIs;
 *  - `node`: the scripts' side (src/, test/), TypeScript stripped by Babel, in Node.
 * Jest strips types without checking them: `npm run typecheck` is the separate check.
 */
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

const jestMocks = '<rootDir>/force-app/test/jest-mocks';

module.exports = {
    // Jest's 5 s default fails correct tests on a busy CI machine (a single CLI start takes seconds
    // there). A test waits for events, never for a clock; this bound only catches a real hang.
    // Speed is measured by `npm run bench`, not here.
    testTimeout: 60_000,
    projects: [
        {
            ...jestConfig,
            displayName: 'lwc',
            roots: ['<rootDir>/force-app'],
            testMatch: ['**/__tests__/**/*.test.[jt]s'],
            setupFilesAfterEnv: [
                ...jestConfig.setupFilesAfterEnv,
                '<rootDir>/force-app/test/jest-sa11y-setup.js'
            ],
            moduleNameMapper: {
                '^@salesforce/apex$': `${jestMocks}/apex`,
                '^lightning/uiRecordApi$': `${jestMocks}/lightning/uiRecordApi`,
                '^lightning/platformShowToastEvent$': `${jestMocks}/lightning/platformShowToastEvent`,
                '^lightning/navigation$': `${jestMocks}/lightning/navigation`,
                '^lightning/refresh$': `${jestMocks}/lightning/refresh`
            }
        },
        {
            displayName: 'node',
            testEnvironment: 'node',
            roots: ['<rootDir>/src', '<rootDir>/test'],
            testMatch: ['**/*.test.ts'],
            moduleFileExtensions: ['ts', 'js', 'json'],
            transform: {
                '^.+\\.ts$': [
                    'babel-jest',
                    {
                        babelrc: false,
                        configFile: false,
                        presets: ['@babel/preset-typescript'],
                        plugins: ['@babel/plugin-transform-modules-commonjs']
                    }
                ]
            }
        }
    ]
};
