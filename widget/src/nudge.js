// The abuse nudge: why the comment may break the site's rules; edit it or post it anyway.
// Loaded by form.js (lazy.js) when the server answers abuse_nudge.
import { button, h } from './dom.js';
import { translator } from './i18n.js';
import en from './locales/nudge/en.json';
import fr from './locales/nudge/fr.json';

/** Show the nudge for abuse ({categories, words}) above form's status; call edit or post. */
function show(cfg, abuse, form, { edit, post }) {
  const t = translator({ en, fr }, cfg.lang);
  const why = abuse.categories.map((c) => t(`why_${c}`)).join(', ');
  const words = abuse.words.map((w) => `“${w}”`).join(', ');
  const choose = (then) => () => {
    nudge.remove();
    then();
  };
  const nudge = h('div', { class: 'margin-nudge', role: 'alert' },
    h('p', {}, t('nudge', { why: words ? `${why}: ${words}` : why })),
    button('margin-submit', t('nudgeEdit'), choose(edit)), ' ',
    button('margin-cancel', t('nudgePost'), choose(post)));
  form.querySelector('.margin-status').before(nudge);
}

(window.marginParts ||= {}).nudge = show;
