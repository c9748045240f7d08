// typescript-eslint flat config. Type-aware rules catch floating promises; restrictions keep the pure
// core (flow log engine, IAM builders, network evaluator, Insights catalogue, Athena SQL, the webview
// kit and protocols) free of `vscode` at run time so it runs in plain Node and in the browser, and keep
// the AWS SDK inside src/aws (the one AWS layer, which loads it lazily).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkOutsideAws = {
  group: ['@aws-sdk/*', '@smithy/*'],
  message: 'Only src/aws imports the AWS SDK (at run time): reach AWS through the wrappers in Services (type-only imports are fine).',
  allowTypeImports: true,
};
const noSdk = {
  'no-restricted-imports': ['error', { patterns: [sdkOutsideAws] }],
};
const vscodeInPure = { name: 'vscode', message: 'Pure modules must not import vscode at run time (type-only imports are fine).', allowTypeImports: true };
const noVscode = {
  'no-restricted-imports': ['error', { paths: [vscodeInPure], patterns: [sdkOutsideAws] }],
};
/** The AWS layer imports the SDK, and no vscode: it runs in plain Node (unit tests, a command-line tool). */
const awsLayer = {
  'no-restricted-imports': ['error', { paths: [vscodeInPure] }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.cache/**', 'node_modules/**', '**/*.vsix', 'samples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.webview.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      eqeqeq: ['error', 'smart'],
      curly: 'error',
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/aws/**'],
    rules: noSdk,
  },
  {
    files: [
      'src/flowlogs/**',
      'src/iam/**',
      'src/network/**',
      'src/athena/**',
      'src/common/**',
      'src/webviewKit/**',
      'src/insights/core/**',
      'src/insights/webview/**',
      'src/viewer/protocol.ts',
      'src/viewer/webview/**',
      'src/explorer/nodes/**',
      'src/explorer/cloudwatchSource.ts',
      'src/explorer/inventory.ts',
      'src/explorer/pickerItems.ts',
      'src/explorer/format.ts',
      'src/explorer/commandIds.ts',
      'src/explorer/context.ts',
      'src/setup/prompter.ts',
    ],
    rules: noVscode,
  },
  {
    files: ['src/aws/**'],
    rules: awsLayer,
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', Buffer: 'readonly' },
    },
  },
);
