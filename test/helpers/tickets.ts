import { expect } from 'vitest';
import type { TestServer } from './server.js';

/** A valid 求助 (help) ticket of the demo pack (government-12345): every field its category requires. */
export const helpTicket = {
  category: 'help',
  subCategory: 'utilities',
  callerName: '张三',
  callerPhone: '13812345678',
  address: '星河市滨江区望江路 8 号',
  description: '小区停水两天，物业说是市政管网维修，不知道什么时候恢复',
  title: '望江路小区停水',
};

/**
 * A member of staff for a department (承办单位): creates a department user `username`, makes it the department's
 * only member and signs it in. Returns its session cookie.
 */
export async function departmentStaff(server: TestServer, adminCookie: string, departmentId: string, username: string, displayName = `${username} 经办人`): Promise<string> {
  const u = await server.request('/api/users', { method: 'POST', cookie: adminCookie, json: { username, displayName, role: 'department', password: 'rexian-demo' } });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  const m = await server.request(`/api/departments/${departmentId}/members`, { method: 'PUT', cookie: adminCookie, json: { userIds: [(u.body as { id: string }).id] } });
  expect(m.status, JSON.stringify(m.body)).toBe(200);
  return server.login(username);
}
