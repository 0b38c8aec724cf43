// `npm run bench:qa-precision [-- --verbose]`: how far automated QA can be trusted.
// - false findings: every finding on the clean corpus (correct calls written by hand,
//   src/shared/qa/fixtures/clean/) is a false alarm; printed per correct call, with the
//   fatal ones (a correct call scored 0) counted apart;
// - recall: the share of the labelled violations of src/shared/qa/fixtures/*.v*.json
//   (checked with the default configuration they were written for) that are found.
// Targets (issue 14): 0 fatal false findings, < 0.05 false findings per correct call,
// recall not lower than before.
import { loadCleanCorpus, loadLabelledFixtures, measurePrecision, measureRecall } from './qa-precision-data.js';

const verbose = process.argv.includes('--verbose');
const corpus = await loadCleanCorpus();
const p = measurePrecision(corpus);
const r = measureRecall(loadLabelledFixtures());

for (const pack of p.packs) {
  process.stdout.write(`${pack.pack.padEnd(18)} ${String(pack.calls).padStart(4)} calls  ${String(pack.findings).padStart(3)} false findings  ${pack.fatal} fatal\n`);
}
const perCheck = [...p.byCheck.entries()].sort((a, b) => b[1] - a[1]);
if (perCheck.length) process.stdout.write(`by check: ${perCheck.map(([c, n]) => `${c} ${n}`).join(', ')}\n`);
if (verbose) for (const f of p.findings) process.stdout.write(`  ${f.file}  ${f.check}${f.fatal ? ' (fatal)' : ''}  ${f.evidence}\n`);
process.stdout.write(`\nclean corpus: ${p.calls} correct calls, ${p.findingCount} false findings = ${p.perCall.toFixed(3)} per call (target < 0.05), ${p.fatalCalls} calls with a fatal false finding (target 0)\n`);
process.stdout.write(`recall on the labelled violations: ${r.found}/${r.expected} = ${(100 * r.recall).toFixed(1)}%`);
if (r.missed.length) process.stdout.write(`; missed: ${r.missed.join(', ')}`);
process.stdout.write('\n');
