// Calls to the console's data endpoints: JSON both ways, the CSRF token on every write.
import { settings } from './strings.js';

const csrf = document.querySelector('meta[name="csrf-token"]').content;

export class CallError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.fields = body?.error?.fields || {};
  }
}

// Call path (relative to /console/api/) and return its JSON; throw CallError on failure.
export async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') {
    init.headers['X-CSRF-Token'] = csrf;
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  const response = await fetch(settings.api + path, init);
  const answer = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (response.status === 401) {
    // Signed out elsewhere or idle too long: back to the form, then back here.
    window.location.assign(`signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!response.ok) throw new CallError(response.status, answer);
  return answer;
}

// Return the message of a failed call with its field messages, for people.
export function describe(error) {
  const details = Object.entries(error.fields || {}).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`);
  return [error.message, ...details].join(' ');
}
