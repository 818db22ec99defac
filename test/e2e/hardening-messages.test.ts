// Messages in words, end to end against hostile servers on 127.0.0.1: no parser or library code
// (HPE_…, ERR_…, EAI_…) reaches the user, a redirect names where it pointed, statuses HTTP does not
// have are unexpected responses, a UTF-8 BOM is accepted, byte counts count bytes, invisible format
// characters from the server and escape sequences in the user's own argv are shown escaped, and a
// credentials file that is a dangling symbolic link says so.
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aDataTable, anImportDocument } from '../helpers/builders.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { rawResponse, startRawServer } from '../helpers/raw-servers.js';
import { lastErrorDocument, runCli } from './harness.js';

const ID = '647a13fe875af4b4eb7133c2';
const DNS_DOWN_PRELOAD = fileURLToPath(new URL('../helpers/dns-down.cjs', import.meta.url));
/** Four attempts and their backoff (at most 7 s), with room for a loaded machine. */
const RETRIED_MS = 30_000;

/** Runs `status ID --json` against a raw server answering `reply` (bytes, or a socket action). */
async function statusAgainst(
  reply: string | Buffer | ((socket: import('node:net').Socket) => void),
  args: string[] = [],
) {
  const server = await startRawServer((socket) =>
    typeof reply === 'function' ? reply(socket) : socket.end(reply),
  );
  try {
    const run = await runCli(['status', ID, '--json', ...args], {
      env: { QOBRA_BASE_URL: `${server.url}/v1` },
      timeoutMs: RETRIED_MS,
    });
    return {
      run,
      server,
      error: [0, 1, 8].includes(run.code ?? -1) ? undefined : lastErrorDocument(run.stderr).error,
    };
  } finally {
    await server.close();
  }
}

/** No code of Node's, its HTTP parser's or got's anywhere in what the user reads. */
const NO_CODES = /\b(HPE_[A-Z_]+|ERR_[A-Z_]+|E[A-Z]{3,}_?[A-Z]*)\b/;

const hintOf = (stderr: string) => /^qobra-imports: hint: (.*)$/m.exec(stderr)?.[1];

describe('failures in words, with what to do next', () => {
  it.concurrent.each([
    [
      'response headers too large (HPE_HEADER_OVERFLOW)',
      rawResponse('200 OK', [`X-Padding: ${'a'.repeat(20_000)}`], '{}'),
      'the server sent response headers over 16 KiB, more than Node.js accepts',
      /not the API answering normally: check --base-url/,
    ],
    [
      'not HTTP at all (HPE_INVALID_CONSTANT)',
      'SSH-2.0-OpenSSH_9.6\r\n',
      'the server sent something that is not HTTP',
      /right scheme and port/,
    ],
    [
      'two Content-Lengths (HPE_UNEXPECTED_CONTENT_LENGTH)',
      'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n{}',
      'the server sent a malformed HTTP response: it has a Content-Length it must not have, or two of them',
      /not the API answering normally/,
    ],
    [
      'a broken chunked body (HPE_INVALID_CHUNK_SIZE)',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      'the server sent a malformed HTTP response: its chunked body is broken',
      /not the API answering normally/,
    ],
  ])(
    '%s',
    async (_what, reply, message, hint) => {
      const { run, error } = await statusAgainst(reply);
      expect(run.code).toBe(5);
      expect(error?.message).toBe(`fetching import ${ID}: ${message} after 4 attempts`);
      expect(hintOf(run.stderr)).toMatch(hint);
      expect(run.stderr).not.toMatch(NO_CODES);
    },
    RETRIED_MS + 5_000,
  );

  it.concurrent(
    'a connection reset (ECONNRESET) says who may have cut it',
    async () => {
      const { run, error, server } = await statusAgainst((socket) => socket.resetAndDestroy());
      expect(run.code).toBe(5);
      expect(error?.message).toBe(`fetching import ${ID}: connection reset after 4 attempts`);
      expect(hintOf(run.stderr)).toBe(
        `127.0.0.1:${server.port}, or a proxy or firewall on the way, cut the connection; if it keeps happening, check the network, --base-url (or QOBRA_BASE_URL) and any proxy (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY)`,
      );
      expect(run.stderr).not.toMatch(NO_CODES);
    },
    RETRIED_MS + 5_000,
  );

  it.concurrent(
    'a DNS server that does not answer (EAI_AGAIN)',
    async () => {
      const run = await runCli(['status', ID, '--json'], {
        env: {
          QOBRA_BASE_URL: 'https://api.qobra.invalid/v1',
          NODE_OPTIONS: `--require "${DNS_DOWN_PRELOAD}"`,
        },
        timeoutMs: RETRIED_MS,
      });
      expect(run.code).toBe(5);
      expect(lastErrorDocument(run.stderr).error.message).toBe(
        `fetching import ${ID}: could not look up api.qobra.invalid: the DNS server did not answer after 4 attempts`,
      );
      expect(hintOf(run.stderr)).toMatch(/may be offline .*check the network connection/);
      expect(run.stderr).not.toMatch(NO_CODES);
    },
    RETRIED_MS + 5_000,
  );
});

describe('answers that are not the API speaking HTTP (6, at once)', () => {
  it.concurrent.each([600, 999, 99])('HTTP %i is not a status HTTP has', async (status) => {
    const statusLine = `${String(status).padStart(3, '0')} Weird`;
    const { run, error, server } = await statusAgainst(rawResponse(statusLine, [], '{}'));
    expect(run.code).toBe(6);
    expect(error?.message).toBe(`fetching import ${ID}: HTTP ${status} is not a valid HTTP status`);
    expect(server.heads).toHaveLength(1);
  });

  it.concurrent('a redirect names the host it pointed to, and nothing else of the target', async () => {
    const { run, error, server } = await statusAgainst(
      rawResponse('302 Found', ['Location: https://evil.example.com:8443/steal?token=abc']),
    );
    expect(run.code).toBe(6);
    expect(error?.message).toBe(
      `fetching import ${ID}: the API redirected the request to https://evil.example.com:8443 (HTTP 302); redirects are not followed, since one could carry the API key to another host`,
    );
    expect(run.stderr).not.toMatch(/steal|token/);
    expect(server.heads).toHaveLength(1);
  });

  it.concurrent('a relative redirect names the API host itself', async () => {
    const { error, server } = await statusAgainst(
      rawResponse('301 Moved Permanently', ['Location: /v2/imports/x']),
    );
    expect(error?.message).toMatch(`redirected the request to http://127.0.0.1:${server.port} (HTTP 301)`);
  });

  it.concurrent.each([
    // The UTF-8 bytes of U+202E (right-to-left override), which Node reads as latin1 text.
    ['e2 80 ae', 'an address that is not a URL'],
    // "â®": a host the URL parser turns into punycode, which is plain ASCII.
    ['e2 ae', 'https://xn--evil-wga52a.example'],
  ])('a redirect to a host holding the bytes %s is named only as %s', async (bytes, shown) => {
    const raw = Buffer.from(bytes.replaceAll(' ', ''), 'hex');
    const location = Buffer.concat([
      Buffer.from('Location: https://ev'),
      raw,
      Buffer.from('il.example/\r\n'),
    ]);
    const reply = Buffer.concat([
      Buffer.from('HTTP/1.1 307 Temporary Redirect\r\n'),
      location,
      Buffer.from('Content-Length: 0\r\n\r\n'),
    ]);
    const { run, error } = await statusAgainst(reply);
    expect(run.code).toBe(6);
    expect(error?.message).toBe(
      `fetching import ${ID}: the API redirected the request to ${shown} (HTTP 307); redirects are not followed, since one could carry the API key to another host`,
    );
    expect(run.stderr).not.toMatch(/[\u0080-\u00ff\u202e]/);
  });
});

describe('bodies and byte counts', () => {
  it.concurrent('a body that starts with a UTF-8 BOM is accepted, and --json prints the document', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DOCUMENTED_EXAMPLE_TEXT)]);
    const head = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { run } = await statusAgainst(Buffer.concat([Buffer.from(head), body]));
    expect(run.code).toBe(1);
    expect(run.stdout.charCodeAt(0)).toBe('{'.charCodeAt(0));
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(DOCUMENTED_EXAMPLE_TEXT));
  });

  it.concurrent('sizes are in bytes, in --verbose lines and in messages', async () => {
    const html = '<html>é€😀</html>'; // 17 UTF-16 units, 22 bytes
    const { run, error } = await statusAgainst(rawResponse('200 OK', ['Content-Type: text/html'], html), [
      '--verbose',
    ]);
    expect(Buffer.byteLength(html)).toBe(22);
    expect(run.code).toBe(6);
    expect(error?.message).toBe(
      `fetching import ${ID}: the response is not valid JSON (text/html, 22 bytes)`,
    );
    expect(run.stderr).toMatch(`HTTP 200 for import ${ID}, 22 bytes in`);
  });
});

describe('invisible characters', () => {
  it.concurrent('zero-width, word-joiner, BOM and tag characters from the server are shown escaped', async () => {
    const document = anImportDocument({
      data_tables_details: [
        aDataTable({ data_table_key: 'com\u200bpa\u2060ni\ufeffes\u{e0041}', status: 'fini\u200bshed' }),
      ],
    });
    const { run } = await statusAgainst(rawResponse('200 OK', [], JSON.stringify(document)));
    // --json output is the document as sent; the warning about the status is talk, escaped.
    expect(JSON.parse(run.stdout)).toEqual(document);
    expect(run.stderr).toContain('reports status "fini\\u200bshed"');
    const server = await startRawServer((socket) =>
      socket.end(rawResponse('200 OK', [], JSON.stringify(document))),
    );
    try {
      const human = await runCli(['status', ID], { env: { QOBRA_BASE_URL: `${server.url}/v1` } });
      expect(human.code).toBe(8);
      expect(human.stdout).toContain('table com\\u200bpa\\u2060ni\\ufeffes\\udb40\\udc41,');
      expect(human.stdout).toContain('fini\\u200bshed');
      expect(human.stdout + human.stderr).not.toMatch(/[\u200b\u2060\ufeff]|\u{e0041}/u);
    } finally {
      await server.close();
    }
  });

  it.concurrent.each([
    ['an unknown option', ['status', '--\u001b[31mx'], "unknown option '--\\u001b[31mx'"],
    [
      'an unknown command',
      ['st\u001b]0;pwned\u0007atus', ID],
      "unknown command 'st\\u001b]0;pwned\\u0007atus'",
    ],
    [
      'a bad flag value',
      ['watch', ID, '--interval', '\u001b[2J'],
      "option '--interval <seconds>' argument '\\u001b[2J' is invalid",
    ],
  ])('escape sequences in the user’s own argv are echoed escaped: %s', async (_what, args, echoed) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(echoed);
    expect(run.stderr).not.toMatch(/[\u001b\u0007]/);
  });
});

describe('a dangling symbolic link for the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qobra-imports-dangling-'));
  const gone = join(dir, 'moved-away', 'credentials');

  it.concurrent('as the credentials file, says so instead of "no API key"', async () => {
    const configHome = join(dir, 'config');
    mkdirSync(join(configHome, 'qobra-imports'), { recursive: true });
    const credentials = join(configHome, 'qobra-imports', 'credentials');
    symlinkSync(gone, credentials);
    const run = await runCli(['status', ID], {
      env: { QOBRA_API_KEY: undefined, XDG_CONFIG_HOME: configHome },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `the credentials file ${credentials} is a symbolic link to ${gone}, which does not exist; fix the link or remove it`,
    );
  });

  it.concurrent('as --api-key-file, says so instead of "no such file"', async () => {
    const link = join(dir, 'key-link');
    symlinkSync(gone, link);
    const run = await runCli(['status', ID, '--api-key-file', link]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `cannot read --api-key-file ${link}: it is a symbolic link to ${gone}, which does not exist`,
    );
  });
});
