#!/usr/bin/env node
// Checks public/_locales against the code: every message key used in src/ (t('…'), text('…'),
// and the branches of t(cond ? '…' : '…')) and in manifest.json (__MSG_…__) must exist in every
// locale with a non-empty message, the locales must have the same keys, and a message must use
// the same substitutions ($1, $2, %s) in every language.
//   node scripts/check-locales.mjs          exit code 1 on any problem
//   node scripts/check-locales.mjs --list   also prints the keys
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const localesDir = join(root, 'public', '_locales');
const problems = [];

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) && !/check-locales\.mjs$/.test(name) ? [path] : [];
  });
}

/** The first argument of a call starting at `start` (just after the "("), up to a top-level "," or ")". */
function firstArgument(source, start) {
  let depth = 0;
  let quote;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return source.slice(start, i);
      depth--;
    } else if (c === ',' && depth === 0) return source.slice(start, i);
  }
  return source.slice(start);
}

const used = new Map(); // key → first place it is used
const dynamic = [];
for (const file of sourceFiles(join(root, 'src'))) {
  // Comments mention t('…') too; drop them (keeping "http://" inside strings).
  const source = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
  for (const match of source.matchAll(/(?<![\w.$])(t|text)\(/g)) {
    const arg = firstArgument(source, match.index + match[0].length).trim();
    const line = source.slice(0, match.index).split('\n').length;
    const where = `${relative(root, file)}:${line}`;
    const literal = /^(['"])([A-Za-z0-9_]+)\1$/.exec(arg);
    let keys = [];
    if (literal) keys = [literal[2]];
    else if (/\?/.test(arg)) {
      // t(cond ? 'a' : 'b'): the keys are the branches, not the strings compared in cond.
      const branches = arg.slice(arg.indexOf('?') + 1);
      keys = [...branches.matchAll(/(['"])([A-Za-z0-9_]+)\1/g)].map((m) => m[2]);
    }
    if (keys.length === 0) {
      // Skip the definitions of t() and text() themselves (a parameter list, not a call).
      if (arg && !/^\w+\s*:/.test(arg) && !/\.key$/.test(arg)) dynamic.push(`${where}: ${match[1]}(${arg}, …)`);
      continue;
    }
    for (const key of keys) if (!used.has(key)) used.set(key, where);
  }
}
const manifest = readFileSync(join(root, 'manifest.json'), 'utf8');
for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) if (!used.has(m[1])) used.set(m[1], 'manifest.json');

const locales = readdirSync(localesDir).filter((d) => statSync(join(localesDir, d)).isDirectory());
const catalogs = Object.fromEntries(
  locales.map((locale) => {
    const path = join(localesDir, locale, 'messages.json');
    try {
      return [locale, JSON.parse(readFileSync(path, 'utf8'))];
    } catch (e) {
      problems.push(`${relative(root, path)}: ${e.message}`);
      return [locale, {}];
    }
  }),
);
for (const required of ['en', 'ru']) if (!locales.includes(required)) problems.push(`missing locale ${required}`);

const substitutions = (message) => [...new Set(message.match(/\$[1-9]|%s/g) ?? [])].sort().join(' ');
const allKeys = new Set([...used.keys(), ...locales.flatMap((l) => Object.keys(catalogs[l]))]);

for (const key of [...allKeys].sort()) {
  const entries = locales.map((locale) => [locale, catalogs[locale][key]]);
  for (const [locale, entry] of entries) {
    if (!entry) problems.push(`${locale}: missing "${key}"${used.has(key) ? ` (used at ${used.get(key)})` : ''}`);
    else if (typeof entry.message !== 'string' || !entry.message.trim()) problems.push(`${locale}: "${key}" has no message`);
    else if (/\$(?![1-9$])/.test(entry.message.replace(/\$[A-Za-z0-9_]+\$/g, ''))) problems.push(`${locale}: "${key}" has a stray "$" (write $$ for a dollar sign)`);
  }
  const present = entries.filter(([, e]) => typeof e?.message === 'string');
  const shapes = new Set(present.map(([, e]) => substitutions(e.message)));
  if (shapes.size > 1) {
    problems.push(`"${key}" uses different substitutions: ${present.map(([l, e]) => `${l} [${substitutions(e.message)}]`).join(', ')}`);
  }
  if (!used.has(key)) console.warn(`note: "${key}" is in the locales but not used in src/ or manifest.json`);
}
for (const d of dynamic) console.warn(`note: key not written literally, check by hand: ${d}`);

if (process.argv.includes('--list')) {
  for (const key of [...used.keys()].sort()) console.log(key);
}
if (problems.length) {
  console.error(problems.map((p) => `✗ ${p}`).join('\n'));
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`ok: ${used.size} keys used, ${locales.join(' + ')} complete`);
