// Validates a standard pack's YAML files in a thread of its own (see pack-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { validatePackFiles, type PackFile } from '../../../shared/standards/validate.js';

const { files } = workerData as { files: PackFile[] };
parentPort?.postMessage(validatePackFiles(files));
