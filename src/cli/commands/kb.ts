/**
 * `rexian kb import DIR --org SLUG` / `rexian kb export DIR --org SLUG`: the knowledge base
 * (知识库) as a folder of Markdown files, one article per file, with YAML front matter:
 *
 * ```markdown
 * ---
 * title: 停水怎么办
 * tags: [供水, 停水]
 * scenarios: [gov.help-request]
 * status: published        # draft | published | archived (default: published)
 * id: 3f0c…                # written by export; an import updates the article with this id
 * ---
 * ## 先分清是哪一种停水
 * …
 * ```
 *
 * Without `id`, an article with the same title is updated; otherwise a new one is created.
 */
import fs from 'node:fs';
import { describe } from './index.js';
import path from 'node:path';
import type { Command } from 'commander';
import { Document, isSeq, parse } from 'yaml';
import { z } from 'zod';
import { systemActor, systemClock, type Ctx } from '../../server/context.js';
import type { Database } from '../../server/db/database.js';
import { AppError } from '../../server/http/errors.js';
import { requireOrg } from '../../server/modules/orgs/orgs.service.js';
import { exportArticles, importArticles, type ArticleFile } from '../../server/modules/knowledge/knowledge.service.js';
import { withDatabase } from '../context.js';
import { CliError } from '../errors.js';

async function orgCtx(database: Database, slug: string): Promise<Ctx> {
  const org = await requireOrg(database.db, slug);
  return { db: database.db, orgId: org.id, actor: { ...systemActor, name: 'cli' }, now: systemClock };
}

const listOf = z.union([z.array(z.union([z.string(), z.number()])), z.string(), z.null()]).transform((v) =>
  v === null ? [] : (Array.isArray(v) ? v.map(String) : v.split(/[,，、]/)).map((s) => s.trim()).filter(Boolean),
);

const frontMatterSchema = z
  .object({
    title: z.union([z.string(), z.number()]).transform(String).optional(),
    tags: listOf.optional(),
    scenarios: listOf.optional(),
    status: z.enum(['draft', 'published', 'archived'], { message: 'status: expected draft, published or archived' }).optional(),
    id: z.uuid({ message: 'id: expected the article id written by "rexian kb export"' }).optional(),
  })
  .strict();

const FRONT = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** One Markdown file → an article; the title comes from the front matter, else the first `# ` heading, else the file name. */
export function parseArticleFile(name: string, text: string): ArticleFile {
  let meta: z.infer<typeof frontMatterSchema> = {};
  let body = text.replace(/^\uFEFF/, '');
  const m = FRONT.exec(text);
  if (m) {
    let raw: unknown;
    try {
      raw = parse(m[1]!) ?? {};
    } catch (err) {
      throw new CliError(`${name}: the front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    const r = frontMatterSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')} (allowed: title, tags, scenarios, status, id)` : issue.message;
      throw new CliError(`${name}: ${message}`);
    }
    meta = r.data;
    body = text.slice(m[0].length);
  }
  let title = meta.title?.trim();
  if (!title) {
    const h1 = /^#\s+(.+?)\s*#*\s*$/m.exec(body);
    if (h1 && body.slice(0, h1.index).trim() === '') {
      title = h1[1]!.trim();
      body = body.slice(h1.index + h1[0].length);
    }
  }
  title ||= path.basename(name).replace(/\.(md|markdown)$/i, '');
  return { title, body: body.replace(/^\s*\n/, '').trimEnd() + '\n', tags: meta.tags ?? [], scenarioIds: meta.scenarios ?? [], status: meta.status, id: meta.id };
}

/** A file name from a title: letters and digits kept (Chinese included), the rest as dashes, plus the start of the id. */
export function fileNameFor(title: string, id: string): string {
  const slug = title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'article';
  return `${slug}-${id.slice(0, 8)}.md`;
}

/** The front matter of an exported article: lists on one line, as people write them. */
function frontMatter(a: { title: string; tags: string[]; scenarioIds: string[]; status: string; id: string }): string {
  const doc = new Document({ title: a.title, tags: a.tags, scenarios: a.scenarioIds, status: a.status, id: a.id });
  for (const key of ['tags', 'scenarios']) {
    const node = doc.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function readArticleFiles(dir: string): Array<{ file: string; article: ArticleFile }> {
  let names: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new CliError(`${dir}: not a folder; give the folder that holds the .md files`);
    names = fs.readdirSync(dir).filter((n) => /\.(md|markdown)$/i.test(n) && !n.startsWith('.')).sort();
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${dir}: no such folder`);
  }
  if (names.length === 0) throw new CliError(`${dir}: no Markdown files (*.md) in this folder`);
  const errors: string[] = [];
  const out: Array<{ file: string; article: ArticleFile }> = [];
  for (const n of names) {
    const file = path.join(dir, n);
    try {
      out.push({ file, article: parseArticleFile(file, fs.readFileSync(file, 'utf8')) });
    } catch (err) {
      if (err instanceof CliError) errors.push(err.message);
      else throw err;
    }
  }
  // nothing is stored when a file is malformed: fix it and run again
  if (errors.length > 0) throw new CliError(`${errors.join('\n')}\nnothing imported: ${errors.length} file(s) to fix`);
  return out;
}

export function register(program: Command): void {
  const kb = program.command('kb').description(describe('kb'));

  kb.command('import')
    .description('store the Markdown files of a folder as articles (same id or title: updated; else created)')
    .argument('<dir>', 'folder of .md files with YAML front matter (title, tags, scenarios, status, id)')
    .requiredOption('--org <slug>', 'organisation')
    .action(async (dir: string, opts: { org: string }) => {
      const files = readArticleFiles(dir);
      await withDatabase(async (database) => {
        const ctx = await orgCtx(database, opts.org);
        const counts = { created: 0, updated: 0, unchanged: 0 };
        const failed: string[] = [];
        for (const { file, article } of files) {
          try {
            const [r] = await importArticles(ctx, [article]);
            counts[r!.outcome]++;
            process.stdout.write(`${r!.outcome.padEnd(9)} ${r!.title} (${path.basename(file)})\n`);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            failed.push(`${file}: ${err.message}`);
          }
        }
        process.stdout.write(`${opts.org}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged\n`);
        if (failed.length > 0) throw new CliError(`${failed.join('\n')}\n${failed.length} file(s) not imported`);
      });
    });

  kb.command('export')
    .description('write every article of an organisation to a folder, one Markdown file each')
    .argument('<dir>', 'folder to write to (created if missing)')
    .requiredOption('--org <slug>', 'organisation')
    .option('--archived', 'also the archived articles', false)
    .action(async (dir: string, opts: { org: string; archived: boolean }) => {
      await withDatabase(async (database) => {
        const articles = (await exportArticles(await orgCtx(database, opts.org))).filter((a) => opts.archived || a.status !== 'archived');
        fs.mkdirSync(dir, { recursive: true });
        for (const a of articles) {
          fs.writeFileSync(path.join(dir, fileNameFor(a.title, a.id)), `---\n${frontMatter(a)}---\n\n${a.body.trimEnd()}\n`);
        }
        process.stdout.write(`wrote ${articles.length} article(s) of ${opts.org} to ${dir}\n`);
      });
    });
}
