// Build the widget: node build.mjs → ../service/static/widget/{embed.js,embed.css,count.js}.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';

const outdir = new URL('../service/static/widget/', import.meta.url).pathname;
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
  logLevel: 'info',
};

await build({ ...common, entryPoints: ['src/embed.js', 'src/count.js'], outdir, format: 'iife' });
await build({ ...common, entryPoints: ['src/style.css'], outfile: `${outdir}embed.css` });
