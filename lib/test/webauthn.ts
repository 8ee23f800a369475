import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";

// A software authenticator for the integration suites: an ES256 (P-256) key pair from node:crypto
// and the bytes a real authenticator would send: authenticatorData, clientDataJSON, a "none"
// attestation object (CBOR) holding a COSE key. Real data for the real verifier
// (@simplewebauthn/server); only test code ever builds these bytes, the product never parses them.

// Just enough CBOR (RFC 8949) for an attestation object and a COSE key: unsigned and negative
// integers, byte and text strings, maps.
type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  const b = Buffer.alloc(3);
  b[0] = (major << 5) | 25;
  b.writeUInt16BE(length, 1);
  return b;
}

function cbor(value: Cbor): Buffer {
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

const sha = (data: Buffer | string) => createHash("sha256").update(data).digest();
const b64u = (data: Buffer | Uint8Array) => Buffer.from(data).toString("base64url");

// UP (user present), UV (user verified), BE (backup eligible), BS (backed up), AT (attested data).
const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 };

export type SoftAuthenticatorOptions = {
  rpId?: string;
  origin?: string;
  // A synced (multi-device) passkey: backup eligible and backed up.
  synced?: boolean;
  userVerified?: boolean;
  aaguid?: string;
};

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  counter = 0;
  userHandle = "";
  rpId: string;
  origin: string;

  constructor(readonly options: SoftAuthenticatorOptions = {}) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" }));
    this.rpId = options.rpId ?? "localhost";
    this.origin = options.origin ?? "http://localhost:3000";
  }

  get id(): string {
    return b64u(this.credentialId);
  }

  private flags(extra: number): number {
    const backup = this.options.synced ? FLAG.BE | FLAG.BS : 0;
    return FLAG.UP | (this.options.userVerified === false ? 0 : FLAG.UV) | backup | extra;
  }

  private authData(extra: number, attested?: Buffer): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha(this.rpId), Buffer.from([this.flags(extra)]), counter, attested ?? Buffer.alloc(0)]);
  }

  private coseKey(): Buffer {
    const jwk = this.publicKey.export({ format: "jwk" });
    // kty: EC2 (2), alg: ES256 (-7), crv: P-256 (1), x, y.
    return cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  register(options: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON {
    this.userHandle = options.user.id;
    const aaguid = Buffer.from(
      (this.options.aaguid ?? "00000000-0000-0000-0000-000000000000").replaceAll("-", ""),
      "hex",
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([aaguid, idLength, this.credentialId, this.coseKey()]);
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", this.authData(FLAG.AT, attested)],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64u(this.clientData("webauthn.create", options.challenge)),
        attestationObject: b64u(attestationObject),
        transports: ["internal"],
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  // Each assertion counts up by one, as a single-device authenticator does; set `counter` to
  // make it go backwards.
  assert(options: PublicKeyCredentialRequestOptionsJSON): AuthenticationResponseJSON {
    this.counter += 1;
    const authData = this.authData(0);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge);
    const signature = sign("sha256", Buffer.concat([authData, sha(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: this.userHandle,
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }
}
