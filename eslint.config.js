'use strict';

const { defineConfig } = require('eslint/config');
const eslintJs = require('@eslint/js');
const tseslint = require('typescript-eslint');
const salesforceLwcConfig = require('@salesforce/eslint-config-lwc/recommended');
const globals = require('globals');
const importPlugin = require('eslint-plugin-import');

/** The Node side's layers, lowest first: code may import from its own layer and the ones below, never above. */
const ADAPTERS = [
    './src/org',
    './src/dataExport',
    './src/metadata',
    './src/records',
    './src/report',
    './src/generate',
    './src/dataset.ts',
    './src/reconciliation.ts'
];
const SHARED = [
    './src/errors.ts',
    './src/output.ts',
    './src/outputPaths.ts',
    './src/packageRoot.ts',
    './src/workerEntry.ts'
];

const CORE_THROUGH_CORE_TS = {
    group: ['**/lwc/stageplayCore/*'],
    message: 'import the domain core through src/core.ts.'
};
const JSFORCE_INTERNALS = {
    group: ['jsforce/lib', 'jsforce/lib/**', '@jsforce/*/lib', '@jsforce/*/lib/**'],
    message:
        "jsforce's lib/ files are private: use its public API (`import { Connection } from 'jsforce'`, `conn.request()`)."
};

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

    // One way into the core from Node: src/core.ts. Nothing outside the core depends on which core
    // file holds what (the LWC components import `c/stageplayCore`).
    {
        files: ['src/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'preview/data/**/*.ts'],
        ignores: ['src/core.ts'],
        rules: {
            'no-restricted-imports': ['error', { patterns: [CORE_THROUGH_CORE_TS] }]
        }
    },

    // jsforce only through what it documents (`jsforce`, `@salesforce/core`'s Connection): its lib/
    // files are its internals and change between patch releases. (A rule's options replace, not
    // join, an earlier block's, so src/ repeats the core pattern here.)
    {
        files: ['src/**/*.ts'],
        ignores: ['src/core.ts'],
        rules: {
            'no-restricted-imports': ['error', { patterns: [JSFORCE_INTERNALS, CORE_THROUGH_CORE_TS] }]
        }
    },
    {
        files: ['src/core.ts'],
        rules: {
            'no-restricted-imports': ['error', { patterns: [JSFORCE_INTERNALS] }]
        }
    },

    // One direction on the Node side: commands -> ops -> adapters -> shared (errors, output) -> core.
    // cli/main.ts registers the commands; the rest of cli/ is what commands use to parse and print.
    // Tests may reach across layers to set up what they check.
    {
        files: ['src/**/*.ts'],
        ignores: ['**/__tests__/**'],
        plugins: { import: importPlugin },
        settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
        rules: {
            'import/no-restricted-paths': [
                'error',
                {
                    zones: [
                        {
                            target: SHARED,
                            from: ['./src/cli', './src/commands', './src/ops', ...ADAPTERS],
                            message: 'errors and output sit below every layer.'
                        },
                        {
                            target: ADAPTERS,
                            from: ['./src/cli', './src/commands', './src/ops'],
                            message: 'an adapter must not depend on ops, commands or the CLI.'
                        },
                        {
                            target: './src/ops',
                            from: ['./src/cli', './src/commands'],
                            message:
                                'ops take plain options; the CLI and commands call them, not the reverse.'
                        },
                        {
                            target: './src/commands/*.ts',
                            from: ['./src/commands/*.ts'],
                            message: 'no command imports another: share through src/ops.'
                        },
                        {
                            target: ['./src/cli/!(main).ts'],
                            from: ['./src/commands/*.ts'],
                            message: 'only cli/main.ts registers the commands.'
                        }
                    ]
                }
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
        files: ['src/report/charts/*Charts.ts'],
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
