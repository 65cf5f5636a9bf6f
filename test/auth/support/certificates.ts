// Certificates made at run time with openssl: a CA, a server certificate for
// localhost signed by it, client certificates signed by it, and a self-signed
// client certificate the CA never saw.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const OPENSSL = existsSync("/usr/bin/openssl") ? "/usr/bin/openssl" : "openssl";

export interface CertFiles {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

function files(dir: string, name: string): CertFiles {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  return { certPath, keyPath, cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8") };
}

/** A self-signed CA `name` in `dir`. */
export function makeCa(dir: string, name: string): CertFiles {
  openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${name}`]);
  return files(dir, name);
}

/** A certificate `name` with `subject` signed by `ca`; `san` for server certificates. */
export function makeSigned(dir: string, ca: CertFiles, name: string, subject: string, san?: string): CertFiles {
  openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, san ? `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n` : "extendedKeyUsage=clientAuth\n");
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", ca.certPath, "-CAkey", ca.keyPath, "-CAcreateserial", "-out", `${name}.crt`, "-days", "2", "-extfile", ext]);
  return files(dir, name);
}
