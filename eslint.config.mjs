import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'src/api, src/speech and src/shared stay free of vscode: pass a function in instead.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', 'test/harness/node_modules/**', 'esbuild.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'smart'],
    },
  },
  { files: ['src/api/**/*.ts', 'src/speech/**/*.ts', 'src/shared/**/*.ts', 'webview/**/*.ts'], rules: noVscode },
  {
    files: ['src/audio/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/audio stays free of vscode.' }],
        patterns: [{ group: ['**/api', '**/api/**', '**/speech', '**/speech/**'], message: 'src/audio is below src/api and src/speech: it imports neither.' }],
      }],
    },
  },
);
