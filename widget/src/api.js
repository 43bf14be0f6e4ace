// Calls to the Margin API; every answer resolves with its status (0: no answer at all).

/** Return the API's base URL for a script tag: data-margin-api, or the script's own origin. */
export function apiBase(script) {
  return `${(script.dataset.marginApi || new URL(script.src).origin).replace(/\/+$/, '')}/api/v1`;
}

/** Fetch url and return {status, data, retryAfter}; data is the parsed JSON body or null.
 *  A network failure is logged as "could not <what>" and answers status 0. */
export async function request(url, what, options = {}) {
  let res;
  let data = null;
  try {
    res = await fetch(url, { cache: 'no-cache', ...options });
  } catch (err) {
    console.error(`[margin] could not ${what}:`, err);
    return { status: 0 };
  }
  try {
    data = await res.json();
  } catch {
    /* an empty or non-JSON body */
  }
  return { status: res.status, data, retryAfter: res.headers.get('Retry-After') };
}

/** Return the query string for params, repeating array values (thread=a&thread=b). */
export function query(params) {
  const q = new URLSearchParams();
  for (const key in params) {
    for (const value of [].concat(params[key])) if (value != null) q.append(key, value);
  }
  return q.toString();
}
