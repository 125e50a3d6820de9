import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

export interface HttpMcpServer {
  readonly url: string;
  /** Authorization headers of the requests, in order. */
  readonly authorizations: readonly (string | undefined)[];
  close(): Promise<void>;
}

/**
 * A Streamable HTTP MCP server on 127.0.0.1 (the official server SDK behind
 * node:http). Requests without `Authorization: Bearer <token>` get 401. Its tool
 * `whoami` answers with the Authorization header it got, so tests can see
 * that the token arrived and that traces hide it.
 */
export async function startHttpMcpServer(token: string): Promise<HttpMcpServer> {
  const authorizations: (string | undefined)[] = [];
  const handler = createMcpHandler(() => {
    const server = new McpServer({ name: 'loopback-docs', version: '1.0.0' });
    server.registerTool('whoami', { description: 'Says which credentials the call came with', inputSchema: z.object({}) }, async () => ({
      content: [{ type: 'text', text: `called with ${lastAuthorization()}` }],
    }));
    server.registerTool('search', { description: 'Searches the docs', inputSchema: z.object({ query: z.string() }) }, async ({ query }) => ({ content: [{ type: 'text', text: `docs about ${query}` }] }));
    return server;
  });
  const lastAuthorization = () => authorizations.at(-1) ?? 'nothing';
  const server = http.createServer(async (request, response) => {
    authorizations.push(request.headers.authorization);
    if (request.headers.authorization !== `Bearer ${token}`) {
      response.writeHead(401).end('unauthorized');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
    const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
    const reply = await handler.fetch(new Request(`http://127.0.0.1${request.url ?? '/'}`, { method: request.method ?? 'GET', headers, ...(body === undefined ? {} : { body }) }));
    response.writeHead(reply.status, Object.fromEntries(reply.headers));
    response.end(Buffer.from(await reply.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    authorizations,
    close: async () => {
      await handler.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
