'use strict';

const { defineConfig } = require('eslint/config');
const eslintJs = require('@eslint/js');
const tseslint = require('typescript-eslint');
const salesforceLwcConfig = require('@salesforce/eslint-config-lwc/recommended');
const globals = require('globals');

module.exports = defineConfig([
    {
        ignores: [
            'node_modules/**',
            'dist/**',
            'out/**',
            'coverage/**',
            'test-results/**',
            '.sf/**',
            '.sfdx/**'
        ]
    },

    // The compiled LWC JavaScript is what orgs run: hold it to the LWC platform rules.
    {
        files: ['force-app/main/default/lwc/**/*.js'],
        ignores: ['force-app/main/default/lwc/**/__tests__/**'],
        extends: [salesforceLwcConfig]
    },

    // TypeScript everywhere (core, components, scripts, tests).
    {
        files: ['**/*.ts'],
        extends: [eslintJs.configs.recommended, ...tseslint.configs.recommended],
        languageOptions: {
            globals: { ...globals.es2021 }
        },
        rules: {
            '@typescript-eslint/no-unused-vars': [
                'error',
                { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
            ]
        }
    },

    // The domain core is shared with the browser: no Node or DOM globals, no imports from outside it.
    {
        files: ['force-app/main/default/lwc/stageplayCore/**/*.ts'],
        ignores: ['force-app/main/default/lwc/stageplayCore/__tests__/**'],
        rules: {
            'no-restricted-imports': [
                'error',
                { patterns: ['node:*', 'fs', 'path', 'lwc', 'lightning/*', '../*'] }
            ],
            'no-restricted-globals': [
                'error',
                'window',
                'document',
                'process',
                'require',
                'Buffer',
                'console'
            ]
        }
    },

    // Node side and tests.
    {
        files: [
            'src/**/*.ts',
            'test/**/*.ts',
            'scripts/**/*.ts',
            '**/__tests__/**/*.ts',
            '*.js',
            'scripts/**/*.js'
        ],
        languageOptions: {
            globals: { ...globals.node, ...globals.jest }
        }
    },
    // The report's drawing module runs in the browser that opens report.html, not in Node.
    {
        files: ['src/report/charts/reportCharts.ts'],
        languageOptions: {
            globals: { ...globals.browser }
        },
        rules: {
            'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname']
        }
    },
    {
        files: ['*.js', 'scripts/**/*.js', 'force-app/test/jest-mocks/**/*.js'],
        extends: [eslintJs.configs.recommended],
        languageOptions: {
            sourceType: 'commonjs',
            globals: { ...globals.node, ...globals.jest }
        }
    },
    {
        files: ['force-app/test/jest-mocks/**/*.js', 'force-app/main/default/lwc/**/__tests__/**/*.js'],
        languageOptions: {
            sourceType: 'module',
            globals: { ...globals.node, ...globals.jest, ...globals.browser }
        }
    }
]);
