/** A key and a self-signed certificate, both PEM. */
export interface SelfSignedCert {
  key: string;
  cert: string;
}

/**
 * Make a throwaway self-signed certificate for 127.0.0.1 and localhost (EC P-256, valid one
 * day), for test servers that speak TLS. Clients trust it by passing `cert` as `tls.ca`.
 * Uses the `selfsigned` package, loaded on first use.
 */
export async function createSelfSignedCert(): Promise<SelfSignedCert> {
  const selfsigned = await import('selfsigned');
  const now = Date.now();
  const generated = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: generated.private, cert: generated.cert };
}
