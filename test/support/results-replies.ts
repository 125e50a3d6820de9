import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// Replies in the shapes GitHub's results receiver gives: Twirp JSON, and Azure Blob Storage's.

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function json(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

export function twirpError(response: ServerResponse, status: number, code: string, msg: string): void {
  json(response, status, { code, msg });
}

export function created(response: ServerResponse): void {
  response.writeHead(201, {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': '2025-11-05',
    'x-ms-request-server-encrypted': 'true',
    etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
    date: new Date().toUTCString(),
    'content-length': '0',
  });
  response.end();
}

export function azureError(response: ServerResponse, status: number, code: string): void {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}
