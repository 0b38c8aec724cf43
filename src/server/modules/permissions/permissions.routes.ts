import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { grantBody, permissionParam, permissionSchema, permissionsResponse } from './permissions.schema.js';
import { grantPermission, listPermissions } from './permissions.service.js';

const tags = ['permissions'];

export async function permissionsRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/permissions',
    {
      config: { access: ['admin', 'manager'] },
      schema: { tags, summary: "The organisation's permissions and the roles that have them (bulk export: admin and manager unless an admin said otherwise)", response: { 200: permissionsResponse } },
    },
    async (request) => ({ items: await listPermissions(ctxOf(deps, request)) }),
  );
  app.put(
    '/api/permissions/:permission',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Set which roles have a permission (admin always keeps it); written to the audit log with before and after',
        params: permissionParam,
        body: grantBody,
        response: { 200: permissionSchema },
      },
    },
    async (request) => grantPermission(ctxOf(deps, request), request.params.permission, request.body.roles),
  );
}
