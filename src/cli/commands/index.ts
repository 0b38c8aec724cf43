import type { Command } from 'commander';
import { register as serve } from './serve.js';
import { register as db } from './db.js';
import { register as users } from './users.js';

/** Each command module exports `register(program)`; add it to this list. */
export const commands: Array<(program: Command) => void> = [serve, db, users];
