/** Protocol buffer wire types. */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  Fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** One field as it appears on the wire, before a schema gives it a meaning. */
export type WireField =
  | { number: number; wireType: typeof WireType.Varint; value: bigint }
  | { number: number; wireType: typeof WireType.LengthDelimited; value: Uint8Array }
  | { number: number; wireType: typeof WireType.Fixed64; value: Uint8Array }
  | { number: number; wireType: typeof WireType.Fixed32; value: Uint8Array };

/** Thrown for bytes that are not a well-formed protocol buffer message. */
export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

/** Reads a base-128 varint at `offset`; returns it and the offset after it. */
export function readVarint(bytes: Uint8Array, offset: number): [value: bigint, next: number] {
  let result = 0n;
  let shift = 0n;
  let pos = offset;
  for (;;) {
    if (pos >= bytes.length) throw new WireFormatError('truncated varint');
    const byte = bytes[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
    if (shift > 63n) throw new WireFormatError('varint longer than 10 bytes');
  }
}

/** The fields of one message, in wire order (repeated fields appear once per element). */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const [key, afterKey] = readVarint(bytes, pos);
    pos = afterKey;
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new WireFormatError('field number 0');
    switch (wireType) {
      case WireType.Varint: {
        const [value, next] = readVarint(bytes, pos);
        fields.push({ number, wireType, value });
        pos = next;
        break;
      }
      case WireType.LengthDelimited: {
        const [length, next] = readVarint(bytes, pos);
        const end = next + Number(length);
        if (end > bytes.length) throw new WireFormatError(`field ${number} overruns the message`);
        fields.push({ number, wireType, value: bytes.subarray(next, end) });
        pos = end;
        break;
      }
      case WireType.Fixed64:
      case WireType.Fixed32: {
        const size = wireType === WireType.Fixed64 ? 8 : 4;
        if (pos + size > bytes.length) throw new WireFormatError(`field ${number} is truncated`);
        fields.push({ number, wireType, value: bytes.subarray(pos, pos + size) });
        pos += size;
        break;
      }
      default:
        throw new WireFormatError(`unsupported wire type ${wireType} for field ${number}`);
    }
  }
  return fields;
}

/** The varints of a packed repeated field. */
export function readPackedVarints(bytes: Uint8Array): bigint[] {
  const values: bigint[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const [value, next] = readVarint(bytes, pos);
    values.push(value);
    pos = next;
  }
  return values;
}
