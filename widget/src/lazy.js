// Parts a page needs only once something happens (report.js, nudge.js), loaded then, so
// the article page does not pay for them. Each part registers itself in window.marginParts.
import { h } from './dom.js';

const loading = {};

/** Load <name>.js from beside embed.js (cfg.base) once; resolve with what it registered. */
export const lazy = (cfg, name) => (loading[name] ||= new Promise((ok, fail) =>
  document.head.append(h('script', { src: new URL(`${name}.js`, cfg.base).href,
    onload: () => ok(window.marginParts[name]),
    // Forgotten on failure: the next try loads it again.
    onerror: (err) => fail(err, delete loading[name]) }))));
