import { randomBytes } from 'node:crypto';
import { describe } from './index.js';
import { Option, type Command } from 'commander';
import { roles } from '../../shared/roles.js';
import { systemActor, systemClock } from '../../server/context.js';
import { createOrg, requireOrg } from '../../server/modules/orgs/orgs.service.js';
import { listUsers, createUser } from '../../server/modules/users/users.service.js';
import { createUserBody } from '../../server/modules/users/users.schema.js';
import { listOrgs } from '../../server/modules/orgs/orgs.repo.js';
import { withDatabase } from '../context.js';
import { CliError } from '../errors.js';

export function register(program: Command): void {
  const user = program.command('user').description(describe('user'));
  user
    .command('add')
    .description('create a user in an organisation')
    .requiredOption('--org <slug>', 'organisation id (see "rexian org list")')
    .addOption(new Option('--role <role>', 'role').choices(roles).makeOptionMandatory())
    .requiredOption('--name <name>', 'display name (also the username when it is plain letters and digits)')
    .option('--username <username>', 'sign-in name (default: --name)')
    .option('--agent-no <no>', '工号: the agent number announced on calls')
    .option('--password <password>', 'password (default: a generated one, printed once)')
    .action(async (opts: { org: string; role: string; name: string; username?: string; agentNo?: string; password?: string }) => {
      const generated = opts.password === undefined;
      const password = opts.password ?? randomBytes(9).toString('base64url');
      const parsed = createUserBody.safeParse({
        username: opts.username ?? opts.name,
        displayName: opts.name,
        role: opts.role,
        password,
        ...(opts.agentNo !== undefined && { agentNo: opts.agentNo }),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const hint = !opts.username && issue?.path[0] === 'username' ? ' — pass --username for names that are not plain letters and digits' : '';
        throw new CliError(`${issue?.message ?? 'invalid input'}${hint}`, 2);
      }
      await withDatabase(async (database) => {
        const org = await requireOrg(database.db, opts.org);
        const u = await createUser({ db: database.db, orgId: org.id, actor: systemActor, now: systemClock }, parsed.data);
        process.stdout.write(`created ${u.role} "${u.displayName}" (username ${u.username}${u.agentNo ? `, 工号 ${u.agentNo}` : ''}) in ${org.slug}\n`);
        if (generated) process.stdout.write(`password: ${password}\n`);
      });
    });
  user
    .command('list')
    .description('list the users of an organisation')
    .requiredOption('--org <slug>', 'organisation id')
    .action(async (opts: { org: string }) => {
      await withDatabase(async (database) => {
        const org = await requireOrg(database.db, opts.org);
        const users = await listUsers({ db: database.db, orgId: org.id, actor: systemActor, now: systemClock });
        for (const u of users) process.stdout.write(`${u.username.padEnd(16)} ${u.role.padEnd(11)} ${(u.agentNo ?? '').padEnd(6)} ${u.displayName}${u.active ? '' : ' (inactive)'}\n`);
      });
    });

  const org = program.command('org').description(describe('org'));
  org
    .command('add')
    .description('create an organisation')
    .requiredOption('--slug <slug>', 'short id: lowercase letters, digits, dashes')
    .requiredOption('--name <name>', 'full name, as agents announce it')
    .action(async (opts: { slug: string; name: string }) => {
      await withDatabase(async (database) => {
        const o = await createOrg(database.db, opts);
        process.stdout.write(`created organisation ${o.slug} (${o.name})\n`);
      });
    });
  org
    .command('list')
    .description('list organisations')
    .action(async () => {
      await withDatabase(async (database) => {
        for (const o of await listOrgs(database.db)) process.stdout.write(`${o.slug.padEnd(20)} ${o.name}\n`);
      });
    });
}
