// The results file the integration suite writes inside the extension host and the launcher reads back
// (a second channel beside the exit code that codeAutomationExit delivers), and the one summary line
// every tier prints last.

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

/** The last `N passed, N failed` line in a tier's output, if any. */
export function parseSummary(output: string): { passed: number; failed: number } | undefined {
  const all = [...output.matchAll(/^\s*(\d+) passed, (\d+) failed\s*$/gm)];
  const last = all.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}
