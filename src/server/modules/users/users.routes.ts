import { z } from 'zod';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { createUserBody, updateUserBody, userListSchema, userSchema } from './users.schema.js';
import { createUser, listUsers, updateUser } from './users.service.js';

export async function usersRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/users',
    {
      config: { access: ['admin', 'manager', 'lead'] },
      schema: { tags: ['users'], summary: 'Users of my organisation', response: { 200: userListSchema } },
    },
    async (request) => ({ items: await listUsers(ctxOf(deps, request)) }),
  );

  app.post(
    '/api/users',
    {
      config: { access: ['admin'] },
      schema: { tags: ['users'], summary: 'Create a user', body: createUserBody, response: { 201: userSchema } },
    },
    async (request, reply) => reply.status(201).send(await createUser(ctxOf(deps, request), request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Change a user (name, role, active, password)',
        params: z.object({ id: z.uuid({ message: 'id: expected a user id' }) }),
        body: updateUserBody,
        response: { 200: userSchema },
      },
    },
    async (request) => updateUser(ctxOf(deps, request), request.params.id, request.body),
  );
}
