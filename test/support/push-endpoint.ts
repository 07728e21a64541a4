import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  type ECDH,
  hkdfSync,
  randomBytes,
  verify,
} from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One browser's side of a push subscription: its P-256 key pair and auth secret (RFC 8291 §2). */
interface Device {
  ecdh: ECDH;
  auth: Buffer;
  status: number;
}

export interface ReceivedPush {
  device: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The decrypted payload, as the service worker would see it. */
  plaintext: string;
  /** VAPID (RFC 8292): the verified JWT claims and the key it was signed with. */
  vapid: { aud: string; sub: string; exp: number; k: string };
}

/**
 * A push service on 127.0.0.1 for tests: it takes the encrypted request Respite sends, verifies the
 * VAPID signature, and decrypts the body with the subscription's private key, as a browser would.
 * A request it cannot verify or decrypt is answered 400 and recorded in `errors`.
 */
export class PushEndpoint {
  readonly received: ReceivedPush[] = [];
  readonly errors: string[] = [];
  private readonly devices = new Map<string, Device>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<PushEndpoint> {
    const endpoint = new PushEndpoint(createServer());
    endpoint.server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = endpoint.handle(req, Buffer.concat(chunks));
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A new device; returns what `PushSubscription.toJSON()` would. */
  subscribe(name: string, status = 201) {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.devices.set(name, { ecdh, auth, status });
    return {
      endpoint: `${this.origin}/push/${name}`,
      expirationTime: null,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    };
  }

  /** From now on answer this device's pushes with `status` (e.g. 410: the subscription is gone). */
  answer(name: string, status: number): void {
    const d = this.devices.get(name);
    if (d) d.status = status;
  }

  private handle(req: IncomingMessage, body: Buffer): number {
    const name = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    const device = name ? this.devices.get(name) : undefined;
    if (!name || !device || req.method !== 'POST') return 404;
    try {
      if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
      if (!/^\d+$/.test(String(req.headers.ttl))) throw new Error('no TTL');
      const vapid = verifyVapid(String(req.headers.authorization), this.origin);
      const plaintext = decryptAes128gcm(body, device.ecdh, device.auth).toString('utf8');
      this.received.push({ device: name, headers: req.headers, body, plaintext, vapid });
      return device.status;
    } catch (err) {
      this.errors.push(`${name}: ${(err as Error).message}`);
      return 400;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const hkdf = (salt: Buffer, ikm: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/** RFC 8188 aes128gcm content coding with the RFC 8291 Web Push key derivation. */
export function decryptAes128gcm(body: Buffer, ua: ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65 || rs < 18) throw new Error('bad aes128gcm header');
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ua.getPublicKey(), asPublic]);
  const ikm = hkdf(authSecret, ua.computeSecret(asPublic), keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const records = body.subarray(21 + idlen);
  const out: Buffer[] = [];
  for (let i = 0, offset = 0; offset < records.length; i++, offset += rs) {
    const record = records.subarray(offset, offset + rs);
    const iv = Buffer.from(nonce);
    iv.writeUInt32BE((iv.readUInt32BE(8) ^ i) >>> 0, 8); // nonce XOR record sequence number
    const decipher = createDecipheriv('aes-128-gcm', cek, iv);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--; // padding
    const last = offset + rs >= records.length;
    if (plain[end] !== (last ? 2 : 1)) throw new Error('bad record delimiter');
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out);
}

/** `vapid t=<ES256 JWT>, k=<P-256 public key>`: checks the signature, audience and expiry. */
export function verifyVapid(authorization: string, origin: string): ReceivedPush['vapid'] {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!m) throw new Error('no VAPID authorization');
  const [token, k] = [m[1]!, m[2]!];
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const signed = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, sig))
    throw new Error('bad VAPID signature');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') throw new Error('not ES256');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as ReceivedPush['vapid'];
  const now = Date.now() / 1000;
  if (claims.aud !== origin) throw new Error(`VAPID aud ${claims.aud}, expected ${origin}`);
  if (!(claims.exp > now && claims.exp <= now + 86_400)) throw new Error('VAPID exp out of range');
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error('VAPID sub is not mailto: or https:');
  return { aud: claims.aud, sub: claims.sub, exp: claims.exp, k };
}
