import { capped } from '../text/capped.js';

/** Most of a tool's result a model is sent. */
export const MAX_RESULT_CHARS = 64 * 1024;

/**
 * A tool result's content as the text a model reads: text parts joined,
 * other parts named briefly (`[image: image/png, 12 KiB]`), structured content
 * as JSON when there is nothing else, cut at MAX_RESULT_CHARS.
 */
export function toolResultText(content: readonly unknown[], structuredContent: unknown): string {
  const parts = content.map(describePart);
  if (parts.length === 0 && structuredContent !== undefined) parts.push(JSON.stringify(structuredContent));
  return capped(parts.join('\n'), MAX_RESULT_CHARS);
}

function describePart(part: unknown): string {
  if (typeof part !== 'object' || part === null) return String(part);
  const item = part as { type?: unknown; text?: unknown; mimeType?: unknown; data?: unknown; uri?: unknown; resource?: { uri?: unknown; text?: unknown; mimeType?: unknown } };
  switch (item.type) {
    case 'text':
      return String(item.text ?? '');
    case 'image':
    case 'audio':
      return `[${item.type}: ${String(item.mimeType ?? 'unknown type')}, ${size(item.data)} — not shown]`;
    case 'resource_link':
      return `[resource link: ${String(item.uri ?? '')}]`;
    case 'resource': {
      const resource = item.resource ?? {};
      return typeof resource.text === 'string' ? `[resource ${String(resource.uri ?? '')}]\n${resource.text}` : `[resource ${String(resource.uri ?? '')}: ${String(resource.mimeType ?? 'binary')} — not shown]`;
    }
    default:
      return `[${String(item.type ?? 'unknown')} content — not shown]`;
  }
}

function size(data: unknown): string {
  if (typeof data !== 'string') return 'size unknown';
  const bytes = Math.floor((data.length * 3) / 4);
  return bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KiB`;
}
