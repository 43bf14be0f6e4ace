// Client-side mirror of the server's comment rules: the defaults in service/config.py,
// which tests/test_widget.py checks these against.

export const LIMITS = {
  authorMax: 100,
  emailMax: 254,
  websiteMax: 512,
  bodyMin: 2,
  bodyMax: 5000,
  titleMax: 300,
  urlMax: 2048,
};

// The report form's limits (report.js), kept apart so embed.js does not carry them.
export const REPORT_LIMITS = {
  reportTextMax: 2000,
  lawMax: 500,
  authorMax: 100,
  emailMax: 254,
};

export const EMAIL = /^[!-?A-~]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/; // ASCII, no spaces, dotted domain

const length = (s) => [...s].length; // code points, as Python counts

/** Return {field: [key, vars]} for every invalid field of values (trimmed strings). */
export function validate({ author, email, website, body }, limits) {
  const errors = {};
  if (!author) errors.author = ['required'];
  else if (length(author) > limits.authorMax) errors.author = ['tooLong', limits.authorMax];
  if (!email) errors.email = ['required'];
  else if (length(email) > limits.emailMax) errors.email = ['tooLong', limits.emailMax];
  else if (!EMAIL.test(email)) errors.email = ['badEmail'];
  if (website) {
    let ok = false;
    try {
      const url = new URL(website);
      ok = /^https?:$/.test(url.protocol) && !!url.hostname;
    } catch {
      /* not a URL */
    }
    if (!ok) errors.website = ['badWebsite'];
    else if (length(website) > limits.websiteMax) errors.website = ['tooLong', limits.websiteMax];
  }
  if (!body) errors.body = ['required'];
  else if (length(body) < limits.bodyMin) errors.body = ['tooShort', limits.bodyMin];
  else if (length(body) > limits.bodyMax) errors.body = ['tooLong', limits.bodyMax];
  return errors;
}
