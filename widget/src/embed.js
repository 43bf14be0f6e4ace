// Margin comments widget: one classic <script> tag renders the thread and the form.
import { apiBase } from './api.js';
import { h } from './dom.js';
import { createForm } from './form.js';
import { pickLocale, translator } from './i18n.js';
import { lazy } from './lazy.js';
import en from './locales/en.json';
import fr from './locales/fr.json';
import { createThread } from './thread.js';
import { LIMITS } from './validate.js';

const LOCALES = { en, fr };

/** Return the widget settings from the script tag's data-margin-* attributes and the page. */
function settings(script) {
  const d = script.dataset;
  const canonical = document.querySelector('link[rel="canonical"]')?.href;
  const num = (value, fallback) => (value > 0 ? Math.floor(value) : fallback);
  const url = canonical || location.href.split('#')[0];
  const title = d.marginTitle || document.title;
  return {
    api: apiBase(script),
    base: script.src, // where the parts loaded later (lazy.js) are
    thread: d.marginThread || new URL(canonical || location.href).pathname,
    // The server rejects over-long titles and URLs; a comment should not fail for them.
    title: title ? [...title].slice(0, LIMITS.titleMax).join('') : null,
    url: /^https?:/.test(url) && url.length <= LIMITS.urlMax ? url : null,
    lang: pickLocale(LOCALES, d.marginLang || document.documentElement.lang),
    theme: ['light', 'dark'].includes(d.marginTheme) ? d.marginTheme : 'auto',
    order: d.marginOrder === 'newest' ? 'newest' : 'oldest',
    limit: num(d.marginLimit, 50),
    depth: num(d.marginDepth, 3),
    limits: { ...LIMITS, bodyMin: num(d.marginBodyMin, LIMITS.bodyMin),
      bodyMax: num(d.marginBodyMax, LIMITS.bodyMax) },
  };
}

/** Follow the reader's colour scheme, live, while the theme is auto. */
function followScheme(root) {
  // One dark palette in the stylesheet serves both data-margin-theme="dark" and this.
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const apply = () => root.classList.toggle('margin-scheme-dark', dark.matches);
  apply();
  dark.addEventListener('change', apply);
}

/** Insert the stylesheet first in <head> so the host page's own rules win. */
function addStylesheet(href) {
  if (document.querySelector('link.margin-style')) return;
  document.head.prepend(h('link', { rel: 'stylesheet', class: 'margin-style', href }));
}

function start(script) {
  const cfg = settings(script);
  const t = translator(LOCALES, cfg.lang);
  addStylesheet(new URL('embed.css', script.src).href);
  let target = document.getElementById('margin-comments');
  if (!target) {
    target = h('div', { id: 'margin-comments' });
    if (document.body.contains(script)) script.after(target);
    else document.body.append(target);
  }
  const root = h('section', { class: `margin margin-theme-${cfg.theme}`, lang: cfg.lang,
    'aria-labelledby': 'margin-heading' });
  if (cfg.theme === 'auto') followScheme(root);
  let form = null;
  const thread = createThread(cfg, t, {
    reply: (node) => form?.reply(node),
    report: (c, button) => lazy(cfg, 'report').then((open) => open(cfg, c, button),
      (err) => console.error('[margin] could not load the report form:', err)),
    reset: () => form?.cancelReply(false),
    loaded(closed) {
      if (closed) {
        form?.el.remove();
        form = null;
        root.querySelector('.margin-closed') ||
          root.append(h('p', { class: 'margin-closed' }, t('closed')));
      } else if (!form) {
        form = createForm(cfg, t, thread, root);
        root.append(form.el);
      }
    },
  });
  root.append(thread.el);
  target.replaceChildren(root);
  thread.load();
}

/** Run fn once the document is parsed (a synchronous tag in <head> runs before <body>). */
function whenParsed(fn) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
  else fn();
}

const script = document.currentScript;
if (script) whenParsed(() => start(script));
else console.error('[margin] load embed.js with a classic <script> tag, not a module');
