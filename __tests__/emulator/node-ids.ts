/**
 * Global node ids, shared by REST (`node_id`) and GraphQL (`id`, `node(id:)`), so one record has one
 * id in both APIs, as on GitHub.
 *
 * - GitHub's new format, for deployments and deployment statuses: the type prefix, then base64url
 *   (no padding) of the MessagePack array `[0, repositoryDatabaseId, databaseId]`. So a deployment's
 *   id starts `DE_kw` (0x93: an array of three; 0x00: the leading 0) and its numeric id can be read
 *   back from it, as clients do where GraphQL's 32-bit `databaseId` cannot hold it.
 * - The emulator's own form, for every other type: the type prefix, then base64url of the record's
 *   key (a login, a number, a sha). Decodable by `node(id:)`, not by a client expecting GitHub's.
 */
import { decode, encode } from '@msgpack/msgpack';

export const NODE_PREFIX = {
  Repository: 'R_',
  Organization: 'O_',
  User: 'U_',
  Bot: 'BOT_',
  Commit: 'C_',
  Tag: 'TAG_',
  Blob: 'BL_',
  PullRequest: 'PR_',
  PullRequestCommit: 'PURC_',
  PullRequestReview: 'PRR_',
  Issue: 'I_',
  Label: 'LA_',
  Deployment: 'DE_',
  DeploymentStatus: 'DES_',
  Release: 'RE_',
  Ref: 'REF_',
  Environment: 'EN_',
} as const;
export type NodeType = keyof typeof NODE_PREFIX;

/** Types whose ids are in GitHub's MessagePack format. */
const MSGPACK_TYPES = new Set<NodeType>(['Deployment', 'DeploymentStatus']);

/** The emulator's form: prefix + base64url(key). */
export const nodeId = (type: NodeType, key: string | number): string =>
  `${NODE_PREFIX[type]}${Buffer.from(String(key)).toString('base64url')}`;

/** GitHub's new format: prefix + base64url(msgpack([0, repositoryId, databaseId])). */
export function msgpackNodeId(type: NodeType, repositoryId: number, databaseId: number): string {
  return `${NODE_PREFIX[type]}${Buffer.from(encode([0, repositoryId, databaseId])).toString('base64url')}`;
}

export const deploymentNodeId = (repositoryId: number, deploymentId: number): string =>
  msgpackNodeId('Deployment', repositoryId, deploymentId);

export const deploymentStatusNodeId = (repositoryId: number, statusId: number): string =>
  msgpackNodeId('DeploymentStatus', repositoryId, statusId);

/** `key`: the record's key; for GitHub-format ids, its database id as a string (`"501"`). */
export type DecodedNodeId =
  | { readonly type: NodeType; readonly format: 'key'; readonly key: string }
  | {
      readonly type: NodeType;
      readonly format: 'msgpack';
      readonly key: string;
      readonly repositoryId: number;
      readonly databaseId: number;
    };

/** Longest prefix first, so a prefix that starts another ("DE_" and a future "DE_X_") never shadows it. */
const BY_PREFIX_LENGTH = (Object.entries(NODE_PREFIX) as [NodeType, string][]).sort((a, b) => b[1].length - a[1].length);

/** The type and key (with repository and database id for GitHub-format ids) of an id the emulator issued; null otherwise. */
export function decodeNodeId(id: string): DecodedNodeId | null {
  for (const [type, prefix] of BY_PREFIX_LENGTH) {
    if (!id.startsWith(prefix)) continue;
    const payload = id.slice(prefix.length);
    if (!/^[A-Za-z0-9_-]*$/.test(payload)) return null;
    const bytes = Buffer.from(payload, 'base64url');
    if (!MSGPACK_TYPES.has(type)) return { type, format: 'key', key: bytes.toString('utf8') };
    try {
      const value = decode(bytes);
      if (Array.isArray(value) && value.length === 3 && value[0] === 0) {
        const [, repositoryId, databaseId] = value as [number, unknown, unknown];
        if (typeof repositoryId === 'number' && typeof databaseId === 'number')
          return { type, format: 'msgpack', key: String(databaseId), repositoryId, databaseId };
      }
    } catch {
      // Not MessagePack: not an id the emulator issues for this type.
    }
    return null;
  }
  return null;
}
