/**
 * A tiny GitHub Git Data API over real HTTP, for the badges branch tests: refs, commits, trees and
 * blobs kept in memory with the SHA-1s git itself would give them, so that a blob SHA computed by
 * the action can be compared with the server's, as against github.com.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type GitObject =
  | { readonly type: 'blob'; readonly content: Buffer }
  | { readonly type: 'tree'; readonly entries: readonly TreeEntry[] }
  | { readonly type: 'commit'; readonly tree: string; readonly parents: readonly string[]; readonly message: string };

interface TreeEntry {
  readonly name: string;
  readonly mode: string;
  readonly type: 'blob' | 'tree';
  readonly sha: string;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A hook that may answer a request itself (a fault), or do something first (another writer). */
export type Intercept = (method: string, path: string, body: unknown) => { status: number; body: unknown } | undefined;

function hash(type: string, content: Buffer): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}

export class GitDataServer {
  readonly objects = new Map<string, GitObject>();
  readonly refs = new Map<string, string>();
  readonly log: LoggedRequest[] = [];
  intercept: Intercept | undefined;
  private server: Server | undefined;

  constructor(
    readonly owner = 'acme',
    readonly repo = 'shop',
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }

  /* ---- The object store, as git hashes it ---- */

  writeBlob(content: Buffer): string {
    const sha = hash('blob', content);
    this.objects.set(sha, { type: 'blob', content });
    return sha;
  }

  writeTree(entries: readonly TreeEntry[]): string {
    // git orders entries by name, a tree's name compared as if it ended in "/".
    const key = (e: TreeEntry) => (e.type === 'tree' ? `${e.name}/` : e.name);
    const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const content = Buffer.concat(
      sorted.map((e) => Buffer.concat([Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')])),
    );
    const sha = hash('tree', content);
    this.objects.set(sha, { type: 'tree', entries: sorted });
    return sha;
  }

  writeCommit(tree: string, parents: readonly string[], message: string): string {
    const text = [
      `tree ${tree}`,
      ...parents.map((p) => `parent ${p}`),
      'author github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com> 1780272000 +0000',
      'committer GitHub <noreply@github.com> 1780272000 +0000',
      '',
      message,
    ].join('\n');
    const sha = hash('commit', Buffer.from(text));
    this.objects.set(sha, { type: 'commit', tree, parents, message });
    return sha;
  }

  /** A commit with these files on top of `parent` (or none), the branch moved to it. */
  commitFiles(branch: string, files: Record<string, string>, message = 'seed'): string {
    const parent = this.refs.get(`heads/${branch}`);
    const base = parent === undefined ? null : this.commit(parent).tree;
    const tree = this.treeWith(
      base,
      Object.entries(files).map(([path, content]) => ({
        path,
        mode: '100644',
        type: 'blob' as const,
        sha: this.writeBlob(Buffer.from(content)),
      })),
    );
    const sha = this.writeCommit(tree, parent === undefined ? [] : [parent], message);
    this.refs.set(`heads/${branch}`, sha);
    return sha;
  }

  commit(sha: string): Extract<GitObject, { type: 'commit' }> {
    const object = this.objects.get(sha);
    if (object?.type !== 'commit') throw new Error(`no commit ${sha}`);
    return object;
  }

  /** Every file of a commit, path to content. */
  files(commitSha: string): Record<string, string> {
    return Object.fromEntries(
      this.flatten(this.commit(commitSha).tree)
        .filter((e) => e.type === 'blob')
        .map((e) => [e.path, this.blob(e.sha)]),
    );
  }

  blob(sha: string): string {
    const object = this.objects.get(sha);
    if (object?.type !== 'blob') throw new Error(`no blob ${sha}`);
    return object.content.toString('utf8');
  }

  /** The tree's entries, recursively, with their full paths (what `?recursive=1` lists). */
  flatten(treeSha: string, prefix = ''): { path: string; mode: string; type: 'blob' | 'tree'; sha: string }[] {
    const tree = this.objects.get(treeSha);
    if (tree?.type !== 'tree') throw new Error(`no tree ${treeSha}`);
    return tree.entries.flatMap((e) => {
      const path = `${prefix}${e.name}`;
      const self = { path, mode: e.mode, type: e.type, sha: e.sha };
      return e.type === 'tree' ? [self, ...this.flatten(e.sha, `${path}/`)] : [self];
    });
  }

  /** `base` with entries at (nested) paths added or replaced, as POST /git/trees does with base_tree. */
  treeWith(base: string | null, entries: readonly { path: string; mode: string; type: 'blob'; sha: string }[]): string {
    const current = new Map<string, TreeEntry>();
    if (base !== null) {
      const tree = this.objects.get(base);
      if (tree?.type !== 'tree') throw new Error(`no tree ${base}`);
      for (const e of tree.entries) current.set(e.name, e);
    }
    const nested = new Map<string, { path: string; mode: string; type: 'blob'; sha: string }[]>();
    for (const entry of entries) {
      const [head, ...rest] = entry.path.split('/');
      if (rest.length === 0) current.set(head!, { name: head!, mode: entry.mode, type: 'blob', sha: entry.sha });
      else nested.set(head!, [...(nested.get(head!) ?? []), { ...entry, path: rest.join('/') }]);
    }
    for (const [dir, children] of nested) {
      const existing = current.get(dir);
      const sub = this.treeWith(existing?.type === 'tree' ? existing.sha : null, children);
      current.set(dir, { name: dir, mode: '040000', type: 'tree', sha: sub });
    }
    return this.writeTree([...current.values()]);
  }

  private isAncestor(ancestor: string, of: string): boolean {
    const seen = new Set<string>();
    const queue = [of];
    while (queue.length > 0) {
      const sha = queue.pop()!;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...this.commit(sha).parents);
    }
    return false;
  }

  /* ---- HTTP ---- */

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    this.log.push({ method, path: url.pathname, body });
    const send = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(data));
    };
    const faulty = this.intercept?.(method, url.pathname, body);
    if (faulty) return send(faulty.status, faulty.body);
    try {
      const [status, data] = this.route(method, url, body as Record<string, unknown>);
      send(status, data);
    } catch (error) {
      send(422, { message: error instanceof Error ? error.message : String(error) });
    }
  }

  private route(method: string, url: URL, body: Record<string, unknown>): [number, unknown] {
    const prefix = `/repos/${this.owner}/${this.repo}/git/`;
    if (!url.pathname.startsWith(prefix)) return [404, { message: 'Not Found' }];
    // Octokit sends `{ref}` percent-encoded (heads%2Fmain); GitHub takes either.
    const rest = decodeURIComponent(url.pathname.slice(prefix.length));
    const notFound: [number, unknown] = [404, { message: 'Not Found' }];

    if (method === 'GET' && rest.startsWith('ref/')) {
      const ref = rest.slice('ref/'.length);
      const sha = this.refs.get(ref);
      return sha === undefined ? notFound : [200, { ref: `refs/${ref}`, object: { type: 'commit', sha } }];
    }
    if (method === 'GET' && rest.startsWith('commits/')) {
      const sha = rest.slice('commits/'.length);
      if (this.objects.get(sha)?.type !== 'commit') return notFound;
      const c = this.commit(sha);
      return [200, { sha, tree: { sha: c.tree }, parents: c.parents.map((p) => ({ sha: p })), message: c.message }];
    }
    if (method === 'GET' && rest.startsWith('trees/')) {
      const sha = rest.slice('trees/'.length);
      const tree = this.objects.get(sha);
      if (tree?.type !== 'tree') return notFound;
      const entries = url.searchParams.has('recursive')
        ? this.flatten(sha)
        : tree.entries.map((e) => ({ path: e.name, mode: e.mode, type: e.type, sha: e.sha }));
      return [200, { sha, tree: entries, truncated: false }];
    }
    if (method === 'POST' && rest === 'blobs') {
      const content = body.encoding === 'base64' ? Buffer.from(String(body.content), 'base64') : Buffer.from(String(body.content), 'utf8');
      return [201, { sha: this.writeBlob(content) }];
    }
    if (method === 'POST' && rest === 'trees') {
      const entries = body.tree as { path: string; mode: string; type: 'blob'; sha: string }[];
      for (const e of entries) if (this.objects.get(e.sha)?.type !== 'blob') throw new Error(`tree.sha ${e.sha} is not a valid blob`);
      return [201, { sha: this.treeWith(typeof body.base_tree === 'string' ? body.base_tree : null, entries) }];
    }
    if (method === 'POST' && rest === 'commits') {
      const parents = body.parents as string[];
      if (this.objects.get(String(body.tree))?.type !== 'tree') throw new Error('Tree SHA does not exist');
      return [201, { sha: this.writeCommit(String(body.tree), parents, String(body.message)) }];
    }
    if (method === 'PATCH' && rest.startsWith('refs/')) {
      const ref = rest.slice('refs/'.length);
      const current = this.refs.get(ref);
      if (current === undefined) return [422, { message: 'Reference does not exist' }];
      const sha = String(body.sha);
      if (body.force !== true && !this.isAncestor(current, sha)) return [422, { message: 'Update is not a fast forward' }];
      this.refs.set(ref, sha);
      return [200, { ref: `refs/${ref}`, object: { type: 'commit', sha } }];
    }
    if (method === 'POST' && rest === 'refs') {
      const ref = String(body.ref).replace(/^refs\//, '');
      if (this.refs.has(ref)) return [422, { message: 'Reference already exists' }];
      this.refs.set(ref, String(body.sha));
      return [201, { ref: `refs/${ref}`, object: { type: 'commit', sha: body.sha } }];
    }
    return notFound;
  }
}
