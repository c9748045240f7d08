// typescript-eslint flat config. Type-aware rules catch floating promises; a restriction keeps the pure
// core (flow log engine, IAM builders, network evaluator, Insights catalogue, Athena SQL, the webview
// protocol) free of `vscode` at run time so it runs in plain Node and in the browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Pure modules must not import vscode at run time (type-only imports are fine).', allowTypeImports: true }],
  }],
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
    files: ['src/flowlogs/**', 'src/iam/**', 'src/network/**', 'src/athena/**', 'src/insights/**', 'src/viewer/protocol.ts', 'src/viewer/webview/**', 'src/explorer/nodes/**', 'src/explorer/cloudwatchSource.ts', 'src/explorer/inventory.ts', 'src/explorer/pickerItems.ts', 'src/explorer/format.ts', 'src/explorer/commandIds.ts', 'src/explorer/context.ts'],
    rules: noVscode,
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
