import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { formBodyAllowed } from './origin.js';

/** Fields of a multipart/form-data body are small machine parameters; anything bigger is refused. */
const LIMITS = { fields: 100, fieldSize: 4096, fieldNameSize: 100, files: 0, parts: 100 };

/**
 * multipart/form-data, for the routes that take form bodies (config.formBody: the Zammad-compatible
 * CTI endpoint, which some PBXes post to this way, as Zammad accepts). Only plain fields are read,
 * into a null-prototype object; a repeated field becomes a list (user, user[]). Files are refused.
 */
export function multipartParser(request: FastifyRequest, payload: IncomingMessage): Promise<unknown> {
  if (!formBodyAllowed(request)) return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'this endpoint takes JSON (content-type: application/json), not a form'));
  return new Promise((resolve, reject) => {
    const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: LIMITS });
    } catch {
      reject(new AppError('VALIDATION_FAILED', 'the multipart/form-data body has no boundary'));
      return;
    }
    const refuse = (message: string) => {
      payload.unpipe(parser);
      payload.resume();
      reject(new AppError('VALIDATION_FAILED', message));
    };
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return refuse(`form field "${name.slice(0, 40)}" is too long`);
      const key = name.endsWith('[]') ? name.slice(0, -2) : name;
      const prev = fields[key];
      fields[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
    });
    parser.on('file', (_name, stream) => {
      stream.resume();
      refuse('files cannot be posted here');
    });
    parser.on('filesLimit', () => refuse('files cannot be posted here'));
    parser.on('partsLimit', () => refuse('too many form fields'));
    parser.on('fieldsLimit', () => refuse('too many form fields'));
    parser.on('error', () => reject(new AppError('VALIDATION_FAILED', 'the multipart/form-data body is malformed')));
    parser.on('close', () => resolve(fields));
    payload.pipe(parser);
  });
}
