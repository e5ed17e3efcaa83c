// A software WebAuthn authenticator for unit tests: makes the registration and assertion
// responses a browser would send (ES256 key, "none" attestation), and can be told to lie
// (another origin or RP ID, a counter that goes back, no user verification) to test the rules.
import crypto from "node:crypto";
import type { AuthenticationResponse, RegistrationResponse } from "@/lib/validations/passkey";

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => crypto.createHash("sha256").update(data).digest();

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const out = Buffer.alloc(5);
  out[0] = (major << 5) | 26;
  out.writeUInt32BE(length, 1);
  return out;
}

/** Just enough CBOR for an attestation object and a COSE key. */
function cbor(value: Cbor): Buffer {
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts = [head(5, value.size)];
  for (const [key, item] of value) parts.push(cbor(key), cbor(item));
  return Buffer.concat(parts);
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

export interface CeremonyLies {
  origin?: string;
  rpId?: string;
  challenge?: string;
  userVerified?: boolean;
  /** The counter to sign with (else the next one). */
  counter?: number;
  /** Another user handle than the one registered. */
  userHandle?: string;
}

export class SoftwareAuthenticator {
  readonly credentialId = crypto.randomBytes(32);
  private readonly keys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  private counter: number;
  private userId: Uint8Array | null = null;

  constructor(
    private readonly rp: { id: string; origin: string },
    options: { counter?: number; synced?: boolean } = {},
  ) {
    this.counter = options.counter ?? 0;
    this.synced = options.synced ?? false;
  }

  private readonly synced: boolean;

  get id(): string {
    return b64url(this.credentialId);
  }

  /** The response to navigator.credentials.create() with these options. */
  register(options: { challenge: string; user: { id: string } }, lies: CeremonyLies = {}): RegistrationResponse {
    this.userId = Buffer.from(options.user.id, "base64url");
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    const coseKey = cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    const idLength = Buffer.from([this.credentialId.length >> 8, this.credentialId.length & 0xff]);
    const authData = Buffer.concat([
      this.authDataHead(lies, FLAG_AT, lies.counter ?? this.counter),
      Buffer.alloc(16),
      idLength,
      this.credentialId,
      coseKey,
    ]);
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: {
        clientDataJSON: this.clientData("webauthn.create", lies.challenge ?? options.challenge, lies),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /** The response to navigator.credentials.get() for this challenge (the counter moves on). */
  assert(options: { challenge: string }, lies: CeremonyLies = {}): AuthenticationResponse {
    const counter = lies.counter ?? ++this.counter;
    const authData = this.authDataHead(lies, 0, counter);
    const clientDataJSON = this.clientData("webauthn.get", lies.challenge ?? options.challenge, lies);
    const signature = crypto.sign("sha256", Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, "base64url"))]), this.keys.privateKey);
    const userHandle = lies.userHandle ?? (this.userId ? b64url(this.userId) : undefined);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle ? { userHandle } : {}),
      },
    };
  }

  /** The same key and counter in another authenticator (what cloning one gives). */
  clone(): SoftwareAuthenticator {
    const copy = Object.create(SoftwareAuthenticator.prototype) as SoftwareAuthenticator;
    return Object.assign(copy, this);
  }

  private authDataHead(lies: CeremonyLies, extra: number, counter: number): Buffer {
    const uv = lies.userVerified ?? true;
    const flags = FLAG_UP | (uv ? FLAG_UV : 0) | (this.synced ? FLAG_BE | FLAG_BS : 0) | extra;
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    return Buffer.concat([sha256(lies.rpId ?? this.rp.id), Buffer.from([flags]), counterBytes]);
  }

  private clientData(type: string, challenge: string, lies: CeremonyLies): string {
    return b64url(Buffer.from(JSON.stringify({ type, challenge, origin: lies.origin ?? this.rp.origin, crossOrigin: false })));
  }
}
