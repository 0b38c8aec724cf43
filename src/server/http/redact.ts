/**
 * Personal data out of the logs: a request line like `GET /api/calls?caller=13812345678` is
 * logged at info level for every request, so numbers in URLs — phone numbers, ID card numbers
 * (身份证号, 18 characters ending in a digit or X) — are masked before they are written, and so
 * are the numbers in a logged error's message and stack (a refused value is quoted in them).
 */
import type { FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Runs of 7 or more digits (an ID number may end in X) keep their last 4 characters, and their
 * first 3 when 11 or longer: 13812345678 → 138****5678, 12345678 → ****5678. Long numeric ids in
 * URLs are masked too; a log line needs no more of them than a person reading it does.
 */
export function redactNumbers(text: string): string {
  return text.replace(/\d{6,}[\dXx]/g, (run) => {
    const head = run.length >= 11 ? run.slice(0, 3) : '';
    return head + '*'.repeat(run.length - head.length - 4) + run.slice(-4);
  });
}

/**
 * Secrets out of the logs: a Zammad-style switch sends its connection token in the path
 * (/api/cti/zammad/rxc_…) and some integrations put a token in the query string; the log keeps
 * the token's last 4 characters, enough to tell connections apart (the settings page shows the same tail).
 */
export function redactSecrets(url: string): string {
  const tail = (secret: string) => `…${secret.slice(-4)}`;
  return url
    .replace(/\brxc_[A-Za-z0-9_-]+/g, (token) => tail(token))
    .replace(/([?&](?:token|access_token|api_key|key)=)([^&#]+)/gi, (_m, name: string, value: string) => name + tail(value));
}

/** Every string of a serialized error (message, stack, a driver's detail) with its numbers masked. */
function redactError(err: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const out = pino.stdSerializers.err(err);
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string') (out as Record<string, unknown>)[k] = redactNumbers(v);
  return out;
}

export const logSerializers = {
  // a database error quotes the value it refused ('invalid input syntax for type uuid: "13812345678"')
  err: redactError,
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactSecrets(redactNumbers(request.url)),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
};

/** The process's logger: JSON lines, with request URLs redacted (numbers and tokens). */
export function createLogger(level: string, stream?: DestinationStream): Logger {
  return pino({ level, serializers: logSerializers }, stream);
}
