import { z } from 'zod';
import { departmentSchema, notificationSchema, savedFilterSchema, ticketSchema } from './tickets.schema.js';

// The list answers of the tickets routes, named so that the routes and the browser's contract
// (src/server/http/contract.ts) share one schema each.

/** Tickets, a page of them, and how many match. */
export const ticketListSchema = z.object({ items: z.array(ticketSchema), total: z.number() });

/** My saved filters of the tickets list. */
export const savedFilterListSchema = z.object({ items: z.array(savedFilterSchema) });

/** Departments (承办单位) and their staff. */
export const departmentListSchema = z.object({ items: z.array(departmentSchema) });

/** My notifications and my role’s, newest first. */
export const notificationListSchema = z.object({ items: z.array(notificationSchema) });
