import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  unsignedInteger,
  utcTime,
  utf8String,
} from './asn1-der.js';

/** PEM material for serving HTTPS and for a kubeconfig's certificate-authority-data. */
export interface ServingPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const YEAR_MS = 365 * 24 * 3600 * 1000;

interface CertSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  isCa: boolean;
  dnsNames?: string[];
  ips?: string[];
  now: number;
}

function name(cn: string): Buffer {
  return sequence(
    set(sequence(oid(OID.organization), utf8String('ferry'))),
    set(sequence(oid(OID.commonName), utf8String(cn))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

function ipBytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

/** Builds and signs one X.509 v3 certificate (ECDSA P-256 / SHA-256), as DER. */
function certificate(spec: CertSpec): Buffer {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const extensions = [
    extension(OID.basicConstraints, true, spec.isCa ? sequence(boolean(true)) : sequence()),
    // keyUsage: CA = digitalSignature|keyCertSign|cRLSign (0x86, 1 unused bit); leaf = digitalSignature|keyEncipherment (0xa0, 5 unused)
    extension(
      OID.keyUsage,
      true,
      spec.isCa ? bitString(Buffer.from([0x86]), 1) : bitString(Buffer.from([0xa0]), 5),
    ),
  ];
  if (!spec.isCa) {
    extensions.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))));
    const names = [
      ...(spec.dnsNames ?? []).map((d) => implicitPrimitive(2, Buffer.from(d, 'ascii'))),
      ...(spec.ips ?? []).map((ip) => implicitPrimitive(7, ipBytes(ip))),
    ];
    extensions.push(extension(OID.subjectAltName, false, sequence(...names)));
  }
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    name(spec.issuer),
    sequence(utcTime(new Date(spec.now - 3600_000)), utcTime(new Date(spec.now + 10 * YEAR_MS))),
    name(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.signingKey);
  return sequence(tbs, algorithm, bitString(signature));
}

function pem(label: string, der: Buffer): string {
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** A fresh CA and a server certificate for localhost / 127.0.0.1 signed by it. */
export function generatePki(now: number, hosts: readonly string[]): ServingPki {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caDer = certificate({
    subject: 'ferry-ca',
    issuer: 'ferry-ca',
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    isCa: true,
    now,
  });
  const ips = [...new Set(['127.0.0.1', ...hosts.filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h))])];
  const dnsNames = [
    ...new Set([
      'localhost',
      'kubernetes',
      'kubernetes.default',
      ...hosts.filter((h) => !/^\d+\.\d+\.\d+\.\d+$/.test(h)),
    ]),
  ];
  const serverDer = certificate({
    subject: 'ferry-apiserver',
    issuer: 'ferry-ca',
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    isCa: false,
    dnsNames,
    ips,
    now,
  });
  return {
    caCert: pem('CERTIFICATE', caDer),
    serverCert: pem('CERTIFICATE', serverDer),
    serverKey: server.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

/** Loads the PKI kept in `<dataDir>/pki`, generating it on first start. */
export async function loadOrCreatePki(
  dataDir: string,
  now: number,
  host: string,
): Promise<ServingPki> {
  const dir = join(dataDir, 'pki');
  const files = {
    caCert: 'ca.crt',
    serverCert: 'apiserver.crt',
    serverKey: 'apiserver.key',
  } as const;
  try {
    const [caCert, serverCert, serverKey] = await Promise.all(
      [files.caCert, files.serverCert, files.serverKey].map((f) => readFile(join(dir, f), 'utf8')),
    );
    createPrivateKey(serverKey!);
    return { caCert: caCert!, serverCert: serverCert!, serverKey: serverKey! };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const pki = generatePki(now, [host]);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, files.caCert), pki.caCert);
  await writeFile(join(dir, files.serverCert), pki.serverCert);
  await writeFile(join(dir, files.serverKey), pki.serverKey, { mode: 0o600 });
  return pki;
}
