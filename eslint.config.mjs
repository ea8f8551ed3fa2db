import tseslint from 'typescript-eslint';

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
  {
    // src/speech turns text into parts and parts into audio: it uses the HTTP and audio layers and the pure
    // offset arithmetic of following along, never the editor side.
    files: ['src/speech/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/speech stays free of vscode: pass a function in instead.' }],
        patterns: [{ regex: '^\\.\\./(?!api/|audio/|shared/|highlight/position$)', message: 'src/speech imports only src/api, src/audio, src/shared and highlight/position.' }],
      }],
    },
  },
  {
    // The format readers are part of src/speech, one folder down: the same rule, seen from there.
    files: ['src/speech/formats/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/speech stays free of vscode: pass a function in instead.' }],
        patterns: [{ regex: '^\\.\\./\\.\\./(?!api/|audio/|shared/|highlight/position$)', message: 'src/speech imports only src/api, src/audio, src/shared and highlight/position.' }],
      }],
    },
  },
  {
    // src/api is the HTTP layer: below speech and everything that uses vscode; it decodes audio with src/audio.
    files: ['src/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/api stays free of vscode: pass a function in instead.' }],
        patterns: [{ regex: '^\\.\\./(?!audio/|shared/)', message: 'src/api imports only src/audio and src/shared.' }],
      }],
    },
  },
  {
    // The player page runs in a browser: it shares only the message protocol with the extension (and words
    // its texts with @vscode/l10n from the bundle the host hands it).
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The player page cannot import vscode.' }],
        patterns: [{ regex: '^(?!\\.\\./src/shared/|@vscode/l10n$)', message: 'The player page imports only src/shared and @vscode/l10n.' }],
      }],
    },
  },
  {
    // src/shared is the bottom layer: the page and the extension both use it, it uses nothing of theirs.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/shared stays free of vscode.' }],
        patterns: [{ regex: '^\\.\\./', message: 'src/shared imports nothing from the rest of src.' }],
      }],
    },
  },
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
