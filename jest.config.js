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
    projects: [
        {
            ...jestConfig,
            displayName: 'lwc',
            roots: ['<rootDir>/force-app'],
            testMatch: ['**/__tests__/**/*.test.[jt]s'],
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
