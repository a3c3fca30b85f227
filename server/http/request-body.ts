/**
 * Replaces what connect-node reads as a request's body. connect-node reads the body by
 * iterating the Node request (`for await (const chunk of req)`), so an own
 * `Symbol.asyncIterator` on the request object is a transform in front of it. Transforms
 * compose: each wraps what was there before. An error thrown by a transform reaches the
 * client as that call's error, with its code (connect reports body errors as the status).
 */
import type { NodeRequest } from "./node-types.js";

export type BodyTransform = (source: AsyncIterable<Buffer>) => AsyncIterable<Uint8Array>;

export function transformBody(req: NodeRequest, transform: BodyTransform): void {
  const before = (req as AsyncIterable<Buffer>)[Symbol.asyncIterator].bind(req);
  const source: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: before };
  Object.defineProperty(req, Symbol.asyncIterator, {
    configurable: true,
    value: () => transform(source)[Symbol.asyncIterator](),
  });
}

/** Every chunk as a Buffer (transforms may yield Uint8Arrays). */
export function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}
