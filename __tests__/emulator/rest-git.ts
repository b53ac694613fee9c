/**
 * REST routes over the repository's git data: commits (one, a listing, a comparison), tags and
 * refs, annotated tag objects, file contents, and a pull request's files. Shapes follow GitHub's
 * OpenAPI response schemas (`commit`, `commit-comparison`, `diff-entry`, `tag`, `git-ref`,
 * `git-tag`, `content-file`, `content-directory`); the dataset's December 2026 keys (`files` of
 * commits and pull requests, `tags`, top-level `files`) feed them.
 *
 * Where the dataset is silent: every listed file is `modified` with derived line counts (1-40
 * added, 0-19 deleted per commit and path), and a commit or pull request whose files the dataset
 * does not list has none here (its sizes elsewhere stay derived).
 */
import {
  type FileChange,
  type Store,
  type StoredCommit,
  type StoredFile,
  type StoredTag,
  PULL_REQUEST_FILE_LIMIT,
  byPath,
  combinedFileChanges,
  commitFileChanges,
  commitStats,
  comparison,
  fakeSha,
  gitIdentity,
  historyOf,
  pullRequestFileChanges,
  resolveRevision,
} from './dataset.js';
import { nodeId } from './node-ids.js';
import { linkHeader, notFound, pageParams, paginate, type RestRequest, type RestResponse, str } from './rest-common.js';
import { repoApi, repoHtml, sharedUser } from './rest-objects.js';

type Handler = (store: Store, req: RestRequest) => RestResponse;

/** A path in a URL: each segment percent-encoded, the slashes kept (as GitHub writes them). */
export const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

/** When calling compare without `per_page`/`page`, GitHub lists the last 250 commits. */
const COMPARE_COMMIT_LIMIT = 250;
/** Compare lists at most 300 changed files, on the first page only. */
const COMPARE_FILE_LIMIT = 300;
/** A commit's files: 300 per page by default, 3,000 at most. */
const COMMIT_FILES_PER_PAGE = 300;
const COMMIT_FILE_LIMIT = 3000;

const error = (status: number, message: string, documentationUrl: string): RestResponse => ({
  status,
  body: { message, documentation_url: documentationUrl, status: String(status) },
});

/** An empty repository: GitHub's 409 on its commit endpoints. */
const emptyRepository = (docs: string): RestResponse => error(409, 'Git Repository is empty.', docs);

/** `commit` (as listed, compared, or, with `stats` and `files`, fetched alone). */
export function commitJson(api: string, store: Store, c: StoredCommit): Record<string, unknown> {
  const repo = repoApi(api, store);
  const url = `${repo}/commits/${c.sha}`;
  const who = gitIdentity(c.author);
  // The dataset has one login per commit: the committer is the author.
  const user = c.author ? sharedUser(api, store, c.author) : null;
  const tree = fakeSha('tree', c.sha);
  return {
    url,
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    html_url: `${repoHtml(store)}/commit/${c.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${repo}/git/commits/${c.sha}`,
      author: { ...who, date: c.authoredAt },
      committer: { ...who, date: c.committedAt },
      message: c.message,
      tree: { sha: tree, url: `${repo}/git/trees/${tree}` },
      comment_count: 0,
      verification: UNSIGNED,
    },
    author: user,
    committer: user,
    parents: c.parents.map((p) => ({ sha: p, url: `${repo}/commits/${p}`, html_url: `${repoHtml(store)}/commit/${p}` })),
  };
}

/** `diff-entry`: one changed file, its URLs at `ref` (a commit sha). */
function diffEntry(api: string, store: Store, f: FileChange, ref: string): Record<string, unknown> {
  const path = encodePath(f.path);
  // The real blob id where the dataset has the file's content at that commit (the default branch head).
  const known = ref === store.branches.get(store.defaultBranch) ? store.files.get(f.path) : undefined;
  return {
    sha: known?.sha ?? fakeSha('blob', `${ref}:${f.path}`),
    filename: f.path,
    status: 'modified',
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${repoHtml(store)}/blob/${ref}/${path}`,
    raw_url: `${repoHtml(store)}/raw/${ref}/${path}`,
    contents_url: `${repoApi(api, store)}/contents/${path}?ref=${ref}`,
  };
}

/** `tag` (GET /repos/{owner}/{repo}/tags): its node id is the ref's, as on GitHub. */
function tagJson(api: string, store: Store, t: StoredTag): Record<string, unknown> {
  const repo = repoApi(api, store);
  const name = encodePath(t.name);
  return {
    name: t.name,
    zipball_url: `${repo}/zipball/refs/tags/${name}`,
    tarball_url: `${repo}/tarball/refs/tags/${name}`,
    commit: { sha: t.sha, url: `${repo}/commits/${t.sha}` },
    node_id: nodeId('Ref', `refs/tags/${t.name}`),
  };
}

interface GitRef {
  /** `refs/heads/main`, `refs/tags/v1.0.0`. */
  readonly ref: string;
  readonly type: 'commit' | 'tag';
  readonly sha: string;
}

/** Every ref, in `git for-each-ref` order (by name): branches and tags; an annotated tag points at its tag object. */
function allRefs(store: Store): GitRef[] {
  const refs: GitRef[] = [
    ...[...store.branches].map(([name, sha]) => ({ ref: `refs/heads/${name}`, type: 'commit' as const, sha })),
    ...[...store.tags.values()].map((t) => ({
      ref: `refs/tags/${t.name}`,
      type: t.annotated ? ('tag' as const) : ('commit' as const),
      sha: t.objectSha,
    })),
  ];
  return refs.sort((a, b) => byPath(a.ref, b.ref));
}

function gitRefJson(api: string, store: Store, r: GitRef): Record<string, unknown> {
  const repo = repoApi(api, store);
  return {
    ref: r.ref,
    node_id: nodeId('Ref', r.ref),
    url: `${repo}/git/${encodePath(r.ref)}`,
    object: { type: r.type, sha: r.sha, url: `${repo}/git/${r.type === 'tag' ? 'tags' : 'commits'}/${r.sha}` },
  };
}

function gitTagJson(api: string, store: Store, t: StoredTag): Record<string, unknown> {
  const repo = repoApi(api, store);
  return {
    node_id: nodeId('Tag', t.objectSha),
    tag: t.name,
    sha: t.objectSha,
    url: `${repo}/git/tags/${t.objectSha}`,
    message: t.message,
    tagger: { ...gitIdentity(t.tagger), date: t.taggerDate },
    object: { sha: t.sha, type: 'commit', url: `${repo}/git/commits/${t.sha}` },
    verification: UNSIGNED,
  };
}

/** A file or directory entry of the contents API, at `ref` (the name the client asked for, or the default branch). */
function contentEntry(api: string, store: Store, entry: { path: string; file?: StoredFile }, ref: string): Record<string, unknown> {
  const repo = repoApi(api, store);
  const path = encodePath(entry.path);
  const url = `${repo}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const file = entry.file;
  const sha = file ? file.sha : fakeSha('tree', `${store.branches.get(store.defaultBranch) ?? ''}:${entry.path}`);
  const gitUrl = `${repo}/git/${file ? 'blobs' : 'trees'}/${sha}`;
  const htmlUrl = `${repoHtml(store)}/${file ? 'blob' : 'tree'}/${encodePath(ref)}/${path}`;
  return {
    type: file ? 'file' : 'dir',
    size: file?.size ?? 0,
    name: entry.path.split('/').pop() ?? entry.path,
    path: entry.path,
    sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: file ? `https://raw.githubusercontent.com/${store.fullName}/${encodePath(ref)}/${path}` : null,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

/** Base64 as GitHub sends file contents: wrapped every 60 characters, with a final newline. */
function wrappedBase64(content: string): string {
  const b64 = Buffer.from(content, 'utf8').toString('base64');
  return b64 === '' ? '' : `${b64.match(/.{1,60}/g)!.join('\n')}\n`;
}

/** A PR's head commit: its last own commit, else what it merged as, else the base branch head. */
function pullRequestHead(store: Store, pr: { commits?: readonly string[]; mergeCommitSha?: string | null; baseRef?: string }): string {
  const own = pr.commits ?? [];
  return own[own.length - 1] ?? pr.mergeCommitSha ?? store.branches.get(pr.baseRef ?? store.defaultBranch) ?? '';
}

export const gitHandlers: Record<string, Handler> = {
  'repos/compare-commits-with-basehead': (store, req) => {
    const docs = req.operation.documentationUrl;
    const basehead = String(req.params.basehead ?? '');
    const dots = basehead.indexOf('...');
    if (dots < 0) return notFound(docs);
    const sides = [basehead.slice(0, dots), basehead.slice(dots + 3)] as const;
    // `USERNAME:ref` names a ref in a fork; the dataset holds one repository, so only its own owner.
    const names = sides.map((side) => {
      const m = /^([^:]+):(.*)$/.exec(side);
      return !m ? side : m[1]!.toLowerCase() === store.owner.toLowerCase() ? m[2]! : null;
    });
    const resolved = names.map((n) => (n === null ? null : resolveRevision(store, n)));
    const [base, head] = resolved.map((r) => (r && 'sha' in r ? store.commits.get(r.sha)! : null));
    // Unknown, and ambiguous abbreviated, names: GitHub's plain 404.
    if (!base || !head) return notFound(docs);
    const { ahead, behind, mergeBase } = comparison(store, base.sha, head.sha);
    if (!mergeBase) return error(404, `No common ancestor between ${sides[0]} and ${sides[1]}.`, docs);
    const status =
      ahead.length === 0 && behind.length === 0 ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
    // `git log base..head`, oldest first.
    const chronological = [...ahead].reverse();
    const paged = req.query.has('per_page') || req.query.has('page');
    let commits: StoredCommit[];
    let headers: Record<string, string> = {};
    let firstPage = true;
    if (!paged) {
      commits = chronological.slice(-COMPARE_COMMIT_LIMIT);
    } else {
      const { perPage, page } = pageParams(req.params);
      commits = chronological.slice((page - 1) * perPage, page * perPage);
      headers = linkHeader(req, page, Math.max(1, Math.ceil(chronological.length / perPage)));
      firstPage = page === 1;
    }
    const files = firstPage
      ? combinedFileChanges(
          store,
          ahead.map((c) => c.sha),
        ).slice(0, COMPARE_FILE_LIMIT)
      : [];
    const html = `${repoHtml(store)}/compare/${encodePath(basehead)}`;
    return {
      status: 200,
      headers,
      body: {
        url: `${repoApi(req.api, store)}/compare/${encodePath(basehead)}`,
        html_url: html,
        permalink_url: `${repoHtml(store)}/compare/${store.owner}:${base.sha}...${store.owner}:${head.sha}`,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: commitJson(req.api, store, base),
        merge_base_commit: commitJson(req.api, store, mergeBase),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: commits.map((c) => commitJson(req.api, store, c)),
        files: files.map((f) => diffEntry(req.api, store, f, head.sha)),
      },
    };
  },

  'repos/get-commit': (store, req) => {
    const docs = req.operation.documentationUrl;
    if (store.commits.size === 0) return emptyRepository(docs);
    const ref = String(req.params.ref ?? '');
    const r = resolveRevision(store, ref);
    // Unknown and ambiguous refs alike: GitHub's 422.
    if ('error' in r) return error(422, `No commit found for SHA: ${ref}`, docs);
    const c = store.commits.get(r.sha)!;
    const files = (commitFileChanges(store, c.sha) ?? []).slice(0, COMMIT_FILE_LIMIT);
    const { page, headers } = paginate(req, files, files.length, COMMIT_FILES_PER_PAGE);
    const stats = commitStats(store, c.sha);
    return {
      status: 200,
      headers,
      body: {
        ...commitJson(req.api, store, c),
        stats: { total: stats.additions + stats.deletions, additions: stats.additions, deletions: stats.deletions },
        files: page.map((f) => diffEntry(req.api, store, f, c.sha)),
      },
    };
  },

  'repos/list-commits': (store, req) => {
    const p = req.params;
    const docs = req.operation.documentationUrl;
    if (store.commits.size === 0) return emptyRepository(docs);
    const start = str(p.sha) ? resolveRevision(store, p.sha as string) : resolveRevision(store, 'HEAD');
    if ('error' in start) return notFound(docs);
    const since = str(p.since) ? Date.parse(p.since as string) : -Infinity;
    const until = str(p.until) ? Date.parse(p.until as string) : Infinity;
    const path = str(p.path)?.replace(/^\/+|\/+$/g, '');
    // A login or an email, as GitHub matches `author` and `committer` (the committer is the author).
    const by = (who: string | undefined) => (c: StoredCommit) =>
      who === undefined ||
      (c.author !== null &&
        (c.author.toLowerCase() === who.toLowerCase() || gitIdentity(c.author).email.toLowerCase() === who.toLowerCase()));
    const byAuthor = by(str(p.author));
    const byCommitter = by(str(p.committer));
    const list = historyOf(store, start.sha).filter(
      (c) =>
        c.committedMs >= since &&
        c.committedMs <= until &&
        byAuthor(c) &&
        byCommitter(c) &&
        (!path || (c.files ?? []).some((f) => f === path || f.startsWith(`${path}/`))),
    );
    const { page, headers } = paginate(req, list);
    return { status: 200, headers, body: page.map((c) => commitJson(req.api, store, c)) };
  },

  'repos/list-tags': (store, req) => {
    // GitHub lists tags by name, descending.
    const tags = [...store.tags.values()].sort((a, b) => byPath(b.name, a.name));
    const { page, headers } = paginate(req, tags);
    return { status: 200, headers, body: page.map((t) => tagJson(req.api, store, t)) };
  },

  'git/get-ref': (store, req) => {
    const wanted = `refs/${String(req.params.ref ?? '')}`;
    const ref = allRefs(store).find((r) => r.ref === wanted);
    return ref ? { status: 200, body: gitRefJson(req.api, store, ref) } : notFound(req.operation.documentationUrl);
  },

  'git/list-matching-refs': (store, req) => {
    const prefix = `refs/${String(req.params.ref ?? '')}`;
    return {
      status: 200,
      body: allRefs(store)
        .filter((r) => r.ref.startsWith(prefix))
        .map((r) => gitRefJson(req.api, store, r)),
    };
  },

  'git/get-tag': (store, req) => {
    const t = store.tagObjects.get(String(req.params.tag_sha ?? '').toLowerCase());
    return t ? { status: 200, body: gitTagJson(req.api, store, t) } : notFound(req.operation.documentationUrl);
  },

  'repos/get-content': (store, req) => {
    const docs = req.operation.documentationUrl;
    const ref = str(req.params.ref);
    const head = store.branches.get(store.defaultBranch);
    if (ref !== undefined) {
      const r = resolveRevision(store, ref);
      if ('error' in r) return error(404, `No commit found for the ref ${ref}`, docs);
      if (r.sha !== head) {
        return {
          ...error(501, `Not implemented by the emulator: contents at ${ref}`, docs),
          note: `repos/get-content: the dataset's files are those at the head of ${store.defaultBranch}, not at ${ref}`,
        };
      }
    }
    const at = ref ?? store.defaultBranch;
    const path = String(req.params.path ?? '').replace(/^\/+|\/+$/g, '');
    const file = store.files.get(path);
    if (file) {
      return {
        status: 200,
        body: { ...contentEntry(req.api, store, { path, file }, at), content: wrappedBase64(file.content), encoding: 'base64' },
      };
    }
    // A directory: its files and subdirectories, by name.
    const prefix = path === '' ? '' : `${path}/`;
    const children = new Map<string, StoredFile | undefined>();
    for (const f of store.files.values()) {
      if (!f.path.startsWith(prefix)) continue;
      const [name, ...rest] = f.path.slice(prefix.length).split('/');
      children.set(`${prefix}${name}`, rest.length === 0 ? f : undefined);
    }
    if (children.size === 0) return notFound(docs);
    return {
      status: 200,
      body: [...children]
        .sort(([a], [b]) => byPath(a, b))
        .map(([p, f]) => contentEntry(req.api, store, f ? { path: p, file: f } : { path: p }, at)),
    };
  },

  'pulls/list-files': (store, req) => {
    const pr = typeof req.params.pull_number === 'number' ? store.pullRequests.get(req.params.pull_number) : undefined;
    if (!pr) return notFound(req.operation.documentationUrl);
    const files = (pullRequestFileChanges(store, pr) ?? []).slice(0, PULL_REQUEST_FILE_LIMIT);
    const head = pullRequestHead(store, pr);
    const { page, headers } = paginate(req, files);
    return { status: 200, headers, body: page.map((f) => diffEntry(req.api, store, f, head)) };
  },
};
