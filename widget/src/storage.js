// localStorage helpers that never throw (private modes and blocked storage just forget).

/** Return the JSON stored under key, or fallback. */
export function load(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Store value as JSON under key; remove the key when value is null. */
export function save(key, value) {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or blocked: nothing to keep */
  }
}
