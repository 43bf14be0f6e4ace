// Plural-aware string lookup and date formatting; the strings live in locales/*.json.

/** Return the bundled language for a BCP 47 tag ("fr-CA" → "fr"), English otherwise. */
export function pickLocale(locales, tag) {
  const lang = String(tag || '').toLowerCase().split(/[-_]/)[0];
  return locales[lang] ? lang : 'en';
}

/** Return t(key, {n, name, message}) for lang, falling back to English strings. */
export function translator(locales, lang) {
  const plural = new Intl.PluralRules(lang);
  return (key, vars = {}) => {
    let s = locales[lang][key] ?? locales.en[key];
    if (typeof s === 'object') {
      s = (vars.n === 0 && s.zero) || s[plural.select(vars.n)] || s.other;
    }
    return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m));
  };
}

const UNITS = [
  ['year', 31536000],
  ['month', 2592000],
  ['week', 604800],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** Return "3 hours ago" for recent dates and a calendar date beyond a month. */
export function relativeTime(date, lang, now = Date.now()) {
  const seconds = Math.min(0, (date.getTime() - now) / 1000); // server clock may run ahead
  if (-seconds > 2592000) {
    return date.toLocaleDateString(lang, { year: 'numeric', month: 'long', day: 'numeric' });
  }
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(0, 'second');
}

/** Return the full local date and time, for a tooltip. */
export function fullDate(date, lang) {
  return date.toLocaleString(lang, { dateStyle: 'long', timeStyle: 'short' });
}
