import type { Command } from 'commander';
import { register as serve } from './serve.js';
import { register as db } from './db.js';
import { register as users } from './users.js';
import { register as standards } from './standards.js';
import { register as sla } from './sla.js';
import { register as qa } from './qa.js';
import { register as standardsDb } from './standards-db.js';
import { register as qaDb } from './qa-db.js';
import { register as ctiAdapters } from './cti-adapters.js';
import { register as ctiSimulate } from './cti-simulate.js';
import { register as kb } from './kb.js';
import { register as report } from './report.js';
import { register as staffing } from './staffing.js';

/** Each command module exports `register(program)`; add it to this list. */
export const commands: Array<(program: Command) => void> = [serve, db, users, standards, standardsDb, sla, qa, qaDb, ctiAdapters, ctiSimulate, kb, report, staffing];
