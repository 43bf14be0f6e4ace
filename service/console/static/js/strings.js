// The page's data (strings, templates, settings), read once from its JSON data block.
const data = JSON.parse(document.getElementById('console-data').textContent);

export const settings = data;

// Return the string for key in the page's language, with {placeholders} filled.
export function t(key, values = {}) {
  const text = data.strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || 'en', {
  dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC',
});

// Return an ISO time as people read it (UTC, in the page's language).
export function when(iso) {
  return iso ? `${dateFormat.format(new Date(iso))} UTC` : '';
}
