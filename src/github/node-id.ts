/**
 * The numeric id inside a GraphQL node id. GraphQL's `databaseId` is a 32-bit Int that today's
 * deployment ids overflow, so collectors read the node id and take the number from it, to order
 * deployments that complete at the same instant by the id GitHub gave them (docs/metrics.md
 * "Order and ties").
 *
 * - New format, `DE_kwDOABCD1M4ABCDE`: a type prefix, then base64url of a MessagePack array whose
 *   last element is the record's database id (`[0, repositoryId, deploymentId]`).
 * - Legacy format, `MDEwOkRlcGxveW1lbnQxMjM0NTY=`: base64 of `010:Deployment123456`.
 *
 * Null when the id is in neither format (an emulator's or a future format): the caller keeps the
 * node id itself.
 */
import { decode } from '@msgpack/msgpack';

export function databaseIdOf(nodeId: string): string | null {
  const modern = /^[A-Za-z]+_([A-Za-z0-9_-]+)$/.exec(nodeId);
  if (modern) {
    try {
      const value = decode(Buffer.from(modern[1] as string, 'base64url'));
      const last = Array.isArray(value) ? value.at(-1) : undefined;
      if ((typeof last === 'number' && Number.isSafeInteger(last) && last >= 0) || (typeof last === 'bigint' && last >= 0n))
        return String(last);
    } catch {
      // Not MessagePack: fall through.
    }
  }
  const legacy = /^\d+:[A-Za-z]+(\d+)$/.exec(Buffer.from(nodeId, 'base64').toString('latin1'));
  return legacy ? (legacy[1] as string) : null;
}
