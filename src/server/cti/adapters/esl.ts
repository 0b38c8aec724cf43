/**
 * The FreeSWITCH event socket (ESL) wire format, parsed incrementally.
 *
 * Every frame is a block of `Name: value` lines closed by an empty line; when the block has a
 * `Content-Length`, exactly that many *bytes* follow (not characters: caller names are UTF-8).
 * Frames are told apart by `Content-Type`: `auth/request` (the switch asks for the password),
 * `command/reply` (the answer to `auth` and `event plain`), `api/response`, `text/event-plain`
 * (one event), `text/disconnect-notice`. An event-plain body is itself a header block whose values
 * are URL-encoded, optionally followed by its own body (`Content-Length` again).
 */

export interface EslFrame {
  /** Outer headers, as sent (not URL-encoded). */
  headers: Record<string, string>;
  /** The bytes after the headers, when the frame has a Content-Length. */
  body: Buffer | null;
}

export interface EslEvent {
  name: string;
  /** For CUSTOM events, e.g. `callcenter::info`. */
  subclass: string | null;
  headers: Record<string, string>;
  body: string | null;
}

const nl = 0x0a;

function indexOfBlankLine(buf: Buffer, from: number): { at: number; len: number } | null {
  for (let i = buf.indexOf(nl, from); i !== -1; i = buf.indexOf(nl, i + 1)) {
    if (buf[i + 1] === nl) return { at: i, len: 2 };
    if (buf[i + 1] === 0x0d && buf[i + 2] === nl) return { at: i, len: 3 };
  }
  return null;
}

function parseHeaderBlock(text: string, decode: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).replace(/^ /, '');
    // the first occurrence wins, as in FreeSWITCH's own switch_event_get_header
    if (!(name in headers)) headers[name] = decode ? urlDecode(value) : value;
  }
  return headers;
}

/** Percent-decoding that never throws: a malformed escape is kept as written. `+` stays `+` (phone numbers). */
export function urlDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    const bytes: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const hex = value.slice(i + 1, i + 3);
      if (value[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else bytes.push(...Buffer.from(value[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
}

/** Feeds on socket chunks of any size and hands back the complete frames. */
export class EslParser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer | string): EslFrame[] {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    const frames: EslFrame[] = [];
    let pos = 0;
    for (;;) {
      // blank lines between frames carry nothing
      while (pos < this.buf.length && (this.buf[pos] === nl || this.buf[pos] === 0x0d)) pos++;
      if (pos >= this.buf.length) break;
      const end = indexOfBlankLine(this.buf, pos);
      if (!end) break;
      const headers = parseHeaderBlock(this.buf.subarray(pos, end.at).toString('utf8'), false);
      const length = Number(headers['Content-Length'] ?? 0);
      const bodyStart = end.at + end.len;
      if (Number.isFinite(length) && length > 0) {
        if (this.buf.length < bodyStart + length) break;
        frames.push({ headers, body: Buffer.from(this.buf.subarray(bodyStart, bodyStart + length)) });
        pos = bodyStart + length;
      } else {
        frames.push({ headers, body: null });
        pos = bodyStart;
      }
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(pos));
    return frames;
  }

  /** Bytes received but not yet a whole frame. */
  get pending(): number {
    return this.buf.length;
  }
}

/** The event inside a `text/event-plain` frame. */
export function parseEventPlain(body: Buffer): EslEvent {
  const end = indexOfBlankLine(body, 0);
  const headerBytes = end ? body.subarray(0, end.at) : body;
  const headers = parseHeaderBlock(headerBytes.toString('utf8'), true);
  let inner: string | null = null;
  const length = Number(headers['Content-Length'] ?? 0);
  if (end && length > 0) inner = body.subarray(end.at + end.len, end.at + end.len + length).toString('utf8');
  return { name: headers['Event-Name'] ?? '', subclass: headers['Event-Subclass'] ?? null, headers, body: inner };
}

export function frameType(frame: EslFrame): string {
  return frame.headers['Content-Type'] ?? '';
}

const unsafe = new Set('\r\n "#%&+:;<=>?@[\\]^`{|}'.split(''));

/** FreeSWITCH's switch_url_encode: only the unsafe ASCII characters and every non-ASCII byte are escaped. */
export function fsUrlEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x20 || byte > 0x7e || unsafe.has(ch) ? '%' + byte.toString(16).toUpperCase().padStart(2, '0') : ch;
  }
  return out;
}

/** Serialises one event the way FreeSWITCH sends it; used to write and replay recorded streams. */
export function encodeEventFrame(headers: ReadonlyArray<readonly [string, string]>): Buffer {
  const inner = Buffer.from(headers.map(([k, v]) => `${k}: ${fsUrlEncode(v)}\n`).join('') + '\n', 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${inner.length}\nContent-Type: text/event-plain\n\n`, 'utf8'), inner]);
}
