// Entry point VS Code's test runner loads in the extension host (`extensionTestsPath`).
import { runRegisteredTests } from './harness.js';
import './dispatch.suite.js';
import './traces.suite.js';
import './models.suite.js';
import './ask.suite.js';
import './mcp.suite.js';
import './tools.suite.js';

export function run(): Promise<void> {
  return runRegisteredTests();
}
