// The results file the integration suite writes inside the extension host and the launcher reads back
// (a second channel beside the exit code that codeAutomationExit delivers), and the one summary line
// every tier prints last (scripts/test-all.mjs reads it).

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface ResultsFile {
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
  /** Mocha's spec report. */
  output?: string;
}

export function summaryLine(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}
