// Build the widget into ../service/static/widget/ (embed.js, embed.css, count.js, and the
// parts embed.js loads when first needed: report.js, the report form; nudge.js, the abuse nudge).
// `node build.mjs --check` builds in memory and fails if the committed files differ.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const outdir = new URL('../service/static/widget/', import.meta.url).pathname;
const check = process.argv.includes('--check');

const common = {
  bundle: true,
  minify: true,
  write: false,
  legalComments: 'none',
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
};

const results = await Promise.all([
  build({ ...common, entryPoints: ['src/embed.js', 'src/count.js', 'src/report.js', 'src/nudge.js'], outdir, format: 'iife' }),
  build({ ...common, entryPoints: ['src/style.css'], outfile: `${outdir}embed.css` }),
]);

mkdirSync(outdir, { recursive: true });
let stale = 0;
for (const file of results.flatMap((r) => r.outputFiles)) {
  const name = file.path.slice(outdir.length);
  if (check) {
    let current = '';
    try {
      current = readFileSync(file.path, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current !== file.text) {
      console.error(`stale: service/static/widget/${name} (run npm run build)`);
      stale += 1;
    }
  } else {
    writeFileSync(file.path, file.text);
    console.log(`service/static/widget/${name}  ${file.contents.length} bytes`);
  }
}
process.exit(stale ? 1 : 0);
