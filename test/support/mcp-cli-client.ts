import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { CLI } from './run-cli.js';

export interface CliMcpClient {
  readonly client: Client;
  readonly transport: StdioClientTransport;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  /** A tool's result: its JSON text parsed (the text as is when it is not JSON), and whether it is an error. */
  call(name: string, args: Record<string, unknown>, options?: Parameters<Client['callTool']>[1]): Promise<{ readonly isError: boolean; readonly value: any; readonly text: string }>;
  close(): Promise<void>;
}

/** The official MCP client over stdio, spawning the built `pdispatch mcp` with these arguments. */
export async function connectCliMcp(args: readonly string[], options: { readonly cwd: string; readonly env?: Record<string, string> }): Promise<CliMcpClient> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    cwd: options.cwd,
    env: { ...(process.env as Record<string, string>), ...options.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'pdispatch-test', version: '1' });
  await client.connect(transport);
  return {
    client,
    transport,
    stderr: () => stderr,
    async call(name, args, callOptions) {
      const result = await client.callTool({ name, arguments: args }, callOptions);
      const text = (result.content as { type: string; text?: string }[]).map((part) => part.text ?? '').join('');
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {
        // an error message, as text
      }
      return { isError: result.isError === true, value, text };
    },
    close: () => client.close(),
  };
}
