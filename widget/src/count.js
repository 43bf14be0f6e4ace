// Margin comment counts: fills every [data-margin-count="THREAD"] element from one request.
import { apiBase, query, request } from './api.js';
import { pickLocale, translator } from './i18n.js';
import { comments as en } from './locales/en.json';
import { comments as fr } from './locales/fr.json';

const LOCALES = { en: { comments: en }, fr: { comments: fr } };

async function fill(script) {
  const d = script.dataset;
  const api = apiBase(script);
  const lang = pickLocale(LOCALES, d.marginLang || document.documentElement.lang);
  const t = translator(LOCALES, lang);
  const elements = [...document.querySelectorAll('[data-margin-count]')];
  const keys = [...new Set(elements.map((el) => el.dataset.marginCount))];
  const counts = {};
  for (let i = 0; i < keys.length; i += 100) {
    const res = await request(`${api}/counts?${query({ thread: keys.slice(i, i + 100) })}`,
      'load counts');
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    Object.assign(counts, res.data);
  }
  for (const el of elements) {
    const n = counts[el.dataset.marginCount] ?? 0;
    el.textContent = t('comments', { n });
  }
}

const script = document.currentScript;
const run = () =>
  fill(script).catch((err) => console.error('[margin] could not load counts:', err));
if (!script) console.error('[margin] load count.js with a classic <script> tag, not a module');
else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
else run();
