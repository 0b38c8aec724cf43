// Every installed package must run on the Node line rexian supports (package.json "engines").
// npm only warns about a dependency that wants a newer Node; this makes it an error in CI.
// Usage: node scripts/check-engines.mjs  (exit 1 and one line per offending package)
import fs from 'node:fs';
import semver from 'semver';

const root = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(fs.readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const supported = semver.minVersion(root.engines.node); // the oldest Node we promise to run on

const bad = [];
for (const [where, pkg] of Object.entries(lock.packages ?? {})) {
  // optional packages npm skipped (another platform, or an engine it refused) are not installed, so never run
  if (!where || (pkg.optional && !fs.existsSync(new URL(`../${where}`, import.meta.url)))) continue;
  const wants = pkg.engines?.node;
  if (typeof wants !== 'string' || !semver.validRange(wants)) continue;
  if (!semver.satisfies(supported, wants)) bad.push(`${where.replace(/^.*node_modules\//, '')}@${pkg.version} wants node ${wants}`);
}
if (bad.length) {
  console.error(`These packages do not promise to run on Node ${supported.version} (package.json engines ${root.engines.node}):`);
  for (const line of bad) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`engines: every package in package-lock.json accepts Node ${supported.version}`);
