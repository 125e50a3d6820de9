#!/usr/bin/env node
// A small stdio MCP server for tests, written with the official server SDK. It starts a
// grandchild (`sleep`) in its own process group, writes "<its pid> <the grandchild's pid>"
// to $FIXTURE_PID_FILE (one line per start), and offers: `echo` (returns its text), `crash` (writes to stderr and
// exits with code 3), `wait` (never answers), `slow` (answers after $FIXTURE_SLOW_MS).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

// A server that ignores SIGTERM and the end of its input, to be killed after the grace.
if (process.env.FIXTURE_IGNORE_TERM) {
  process.on('SIGTERM', () => process.stderr.write('fixture server: ignoring SIGTERM\n'));
  setInterval(() => {}, 1000);
}
const grandchild = spawn('sleep', ['1000'], { stdio: 'ignore' });
// Appended, so a test can tell how often the server was started.
if (process.env.FIXTURE_PID_FILE) fs.appendFileSync(process.env.FIXTURE_PID_FILE, `${process.pid} ${grandchild.pid}\n`);
process.stderr.write('fixture server ready\n');

const server = new McpServer({ name: 'fixture', version: '1.0.0' });
server.registerTool('echo', { description: 'Returns its text', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }));
server.registerTool('crash', { description: 'Dies', inputSchema: z.object({}) }, async () => {
  process.stderr.write('fixture server: about to crash on purpose\n');
  setTimeout(() => process.exit(3), 10);
  return new Promise(() => {});
});
server.registerTool('wait', { description: 'Never answers', inputSchema: z.object({}) }, async () => new Promise(() => {}));
server.registerTool('fail', { description: 'Reports an error', inputSchema: z.object({}) }, async () => ({ content: [{ type: 'text', text: 'the fixture failed on purpose' }], isError: true }));
await server.connect(new StdioServerTransport());
