import { StringDecoder } from 'node:string_decoder';

/**
 * The Asterisk Manager Interface wire format, parsed incrementally: after a one-line banner
 * (`Asterisk Call Manager/7.0.3`), every message is `Key: Value` lines closed by an empty line,
 * with CRLF line ends. Messages with `Response:` answer an action; messages with `Event:` report
 * something. Key names are matched without regard to case (`Uniqueid` and `UniqueID` both occur).
 */

export interface AmiMessage {
  kind: 'banner' | 'event' | 'response' | 'other';
  /** Lower-cased key → value; the first occurrence of a key wins. */
  fields: Record<string, string>;
  /** Every line in order, keys as sent (a key such as ChanVariable may repeat). */
  lines: Array<[string, string]>;
  /** The banner line, for kind 'banner'. */
  text?: string;
}

export function field(m: AmiMessage, key: string): string | undefined {
  return m.fields[key.toLowerCase()];
}

export class AmiParser {
  private decoder = new StringDecoder('utf8');
  private rest = '';
  private started = false;

  push(chunk: Buffer | string): AmiMessage[] {
    this.rest += (typeof chunk === 'string' ? chunk : this.decoder.write(chunk)).replace(/\r/g, '');
    const out: AmiMessage[] = [];
    if (!this.started) {
      const eol = this.rest.indexOf('\n');
      if (eol === -1) return out;
      const first = this.rest.slice(0, eol);
      this.started = true;
      if (!/^[\w-]+:/.test(first)) {
        out.push({ kind: 'banner', fields: {}, lines: [], text: first.trim() });
        this.rest = this.rest.slice(eol + 1);
      }
    }
    for (;;) {
      this.rest = this.rest.replace(/^\n+/, '');
      const end = this.rest.indexOf('\n\n');
      if (end === -1) break;
      const block = this.rest.slice(0, end);
      this.rest = this.rest.slice(end + 2);
      out.push(parseBlock(block));
    }
    return out;
  }
}

function parseBlock(block: string): AmiMessage {
  const fields: Record<string, string> = {};
  const lines: Array<[string, string]> = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      if (line.trim()) lines.push(['', line]);
      continue;
    }
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    lines.push([key, value]);
    const lower = key.toLowerCase();
    if (!(lower in fields)) fields[lower] = value;
  }
  const kind = 'event' in fields ? 'event' : 'response' in fields ? 'response' : 'other';
  return { kind, fields, lines };
}

/** One AMI action, as Asterisk expects it on the wire. */
export function encodeAction(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields.map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, ' ')}\r\n`).join('') + '\r\n';
}
