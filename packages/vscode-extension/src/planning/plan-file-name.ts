import path from 'node:path';

/** Where plans made in the editor are written, relative to the workspace folder. */
export const PLANS_FOLDER = path.join('.pdispatch', 'plans');

/**
 * `.pdispatch/plans/<YYYYMMDD-HHMMSS>-<first words>.dispatch.yaml`: sorted by time, and named so
 * a user finds the request again. An invalid plan gets `.invalid` before `.dispatch.yaml`, so the
 * file still opens as YAML with its "Run This Plan" action once the user has fixed it.
 */
export function planFilePath(workspace: string, request: string, now: Date, valid: boolean): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const words = request
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '')
    .slice(0, 6)
    .join('-')
    .slice(0, 48)
    .replace(/-+$/, '');
  const name = `${stamp}${words === '' ? '' : `-${words}`}${valid ? '' : '.invalid'}.dispatch.yaml`;
  return path.join(workspace, PLANS_FOLDER, name);
}
