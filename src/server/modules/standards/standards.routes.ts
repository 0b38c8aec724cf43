import { z } from 'zod';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { roles } from '../../../shared/roles.js';
import { diffSchema, saveResultSchema, saveVersionBody, versionFilesSchema, versionListSchema, versionParam, versionSummarySchema, versionWithContentSchema } from './standards.schema.js';
import * as standards from './standards.service.js';

const editors = ['admin', 'manager'] as const;
const tags = ['standards'];

export async function standardsRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/standards/versions',
    { config: { access: roles }, schema: { tags, summary: 'Versions of my organisation’s standard pack, newest first', response: { 200: versionListSchema } } },
    async (request) => ({ items: await standards.listVersions(ctxOf(deps, request)) }),
  );

  app.get(
    '/api/standards/versions/:version',
    {
      config: { access: roles },
      schema: { tags, summary: 'One version with its content ("active" for the active one)', params: versionParam, response: { 200: versionWithContentSchema } },
    },
    async (request) => standards.getVersion(ctxOf(deps, request), request.params.version),
  );

  app.get(
    '/api/standards/versions/:version/export',
    {
      config: { access: roles },
      schema: { tags, summary: 'The YAML files of a version', params: versionParam, response: { 200: versionFilesSchema } },
    },
    async (request) => standards.exportVersion(ctxOf(deps, request), request.params.version),
  );

  app.post(
    '/api/standards/versions',
    {
      config: { access: editors },
      schema: {
        tags,
        summary: 'Save a new version (YAML files or an edited pack); nothing is stored if it has errors',
        description: 'A pack with mistakes gets 422 PACK_INVALID with every error in error.details.errors (file, line, column, path, message). Content identical to the newest version stores nothing (unchanged: true).',
        body: saveVersionBody,
        response: { 201: saveResultSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await standards.saveVersion(ctxOf(deps, request), request.body)),
  );

  app.post(
    '/api/standards/validate',
    {
      config: { access: editors },
      schema: {
        tags,
        summary: 'Check a pack without storing it',
        body: saveVersionBody,
        response: { 200: z.object({ ok: z.literal(true), warnings: z.array(z.string()), name: z.string() }) },
      },
    },
    async (request) => {
      const { pack, warnings } = await standards.validate(request.body);
      return { ok: true as const, warnings, name: pack.pack.name };
    },
  );

  app.post(
    '/api/standards/versions/:version/activate',
    { config: { access: editors }, schema: { tags, summary: 'Make a version the active standard', params: versionParam, response: { 200: versionSummarySchema } } },
    async (request) => {
      const v = request.params.version;
      const ctx = ctxOf(deps, request);
      return standards.activate(ctx, v === 'active' ? (await standards.getVersion(ctx, 'active')).version : v);
    },
  );

  app.get(
    '/api/standards/diff',
    {
      config: { access: roles },
      schema: {
        tags,
        summary: 'What changed between two versions',
        querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
        response: { 200: diffSchema },
      },
    },
    async (request) => standards.diff(ctxOf(deps, request), request.query.from, request.query.to),
  );
}
