// Runs the extension's integration tests inside code-server's extension host, driven from headless
// Chromium: the workbench loads EXT_DIR as a development extension and TESTS_ENTRY as its
// extensionTestsPath (honoured only with `--vscode-option enable-smoke-test-driver`), then reports
// the result through window.codeAutomationExit, as VS Code's own browser integration tests do.
// Usage: node run-ext-tests.cjs EXT_DIR TESTS_ENTRY WORKSPACE_DIR   (CS_URL=http://127.0.0.1:PORT)
const path = require('node:path');
const util = require('node:util');
const { chromium } = require('playwright-core');

const base = process.env.CS_URL ?? 'http://127.0.0.1:8089';
const [extension, tests, workspace] = process.argv.slice(2, 5).map((file) => path.resolve(file));
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
const remote = (file) => `vscode-remote://${new URL(base).host}${file}`;

(async () => {
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  let exitCode;
  try {
    const page = await browser.newPage();
    const exited = new Promise((resolve) => {
      exitCode = resolve;
    });
    // The extension host's console arrives here, printf-style.
    await page.exposeFunction('codeAutomationLog', (_type, args) => console.log(util.format(...(args ?? []))));
    await page.exposeFunction('codeAutomationExit', (code) => exitCode(code));
    page.on('pageerror', (error) => console.error('[pageerror]', String(error).slice(0, 300)));
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extension)],
      ['extensionTestsPath', remote(tests)],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref())]);
    console.error(`extension host exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = code === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
