import { InputError } from '@backstage/errors';

/**
 * A URL as it may be shown to people and written to logs and error messages: without user
 * information (`https://user:password@host` keeps a credential in the URL), query or fragment
 * (tokens are sometimes passed as query parameters).
 */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}`;
}

/** Parses a configured URL; http and https only. The error names the URL without credentials. */
export function parseHttpUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${what} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`${what} ${redactUrl(url)} is not an http(s) URL`);
  return url;
}
