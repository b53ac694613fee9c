/**
 * Commits files (the badges) to a branch through the Git Data API: no checkout, no git binary,
 * one commit per run at most.
 *
 * - The branch is created as an orphan (a commit without parents) when it does not exist, so it
 *   shares no history with the code and can be served raw (raw.githubusercontent.com) or by Pages.
 * - Only changed files are uploaded: their git blob SHA-1 is computed locally and compared with
 *   the branch's tree. Nothing changed, no commit: a badge branch does not grow a commit per run.
 * - Concurrent runs: the ref is updated without force; when another run moved it first, the
 *   commit is rebuilt on top of the new head (3 tries).
 *
 * The token needs `contents: write`.
 */
import { createHash } from 'node:crypto';
import { ActionError, errorText, NotFoundError, PermissionError, UnavailableError } from '../errors.js';

/** The part of Octokit used here: `octokit.request` (Octokit from @actions/github or @octokit/core fits). */
export interface GitDataClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ readonly status: number; readonly data: unknown }>;
}

export interface CommitBadgesOptions {
  readonly owner: string;
  readonly repo: string;
  /** Branch name, without `refs/heads/`. */
  readonly branch: string;
  /** Files by their path in the branch (e.g. `badges/lead-time.svg`); files not listed are kept. */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  readonly message: string;
}

export interface CommitBadgesResult {
  /** True when a commit was made; false when every file was already up to date. */
  readonly committed: boolean;
  /** True when the branch did not exist and was created. */
  readonly created: boolean;
  /** The branch's head after the call: the new commit, or the unchanged head (null if none). */
  readonly commitSha: string | null;
  /** Paths uploaded, in the order given. */
  readonly changed: readonly string[];
}

/** A regular, non-executable file. */
const FILE_MODE = '100644';
const MAX_TRIES = 3;

/** The SHA-1 git gives a blob with this content: sha1("blob <bytes>\0<content>"). */
export function gitBlobSha(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export async function commitBadges(client: GitDataClient, options: CommitBadgesOptions): Promise<CommitBadgesResult> {
  checkFiles(options.files);
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(client, options);
    } catch (error) {
      if (attempt < MAX_TRIES && isRace(error)) continue;
      throw explainGitError(error, options);
    }
  }
}

interface TreeEntry {
  readonly path: string;
  readonly mode: string;
  readonly type: string;
  readonly sha: string;
}

async function commitOnce(client: GitDataClient, options: CommitBadgesOptions): Promise<CommitBadgesResult> {
  const { owner, repo, branch } = options;
  const ref = `heads/${branch}`;
  const head = await headSha(client, owner, repo, ref);

  let baseTree: string | null = null;
  const current = new Map<string, TreeEntry>();
  if (head !== null) {
    const commit = await client.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { owner, repo, commit_sha: head });
    baseTree = (commit.data as { tree: { sha: string } }).tree.sha;
    // A truncated listing (over 100,000 entries) only makes unlisted files look changed: the tree
    // comparison below still avoids an empty commit.
    const tree = await client.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner,
      repo,
      tree_sha: baseTree,
      recursive: 'true',
    });
    for (const entry of (tree.data as { tree: TreeEntry[] }).tree) current.set(entry.path, entry);
  }

  const changed = options.files.filter((file) => {
    const entry = current.get(file.path);
    return entry === undefined || entry.type !== 'blob' || entry.mode !== FILE_MODE || entry.sha !== gitBlobSha(file.content);
  });
  if (changed.length === 0) return { committed: false, created: false, commitSha: head, changed: [] };

  // One at a time: GitHub asks integrators not to create content concurrently (secondary rate limits).
  const entries: { path: string; mode: string; type: 'blob'; sha: string }[] = [];
  for (const file of changed) {
    const blob = await client.request('POST /repos/{owner}/{repo}/git/blobs', {
      owner,
      repo,
      content: Buffer.from(file.content, 'utf8').toString('base64'),
      encoding: 'base64',
    });
    entries.push({ path: file.path, mode: FILE_MODE, type: 'blob', sha: (blob.data as { sha: string }).sha });
  }
  const tree = await client.request('POST /repos/{owner}/{repo}/git/trees', {
    owner,
    repo,
    ...(baseTree === null ? {} : { base_tree: baseTree }),
    tree: entries,
  });
  const treeSha = (tree.data as { sha: string }).sha;
  if (treeSha === baseTree) return { committed: false, created: false, commitSha: head, changed: [] };

  const commit = await client.request('POST /repos/{owner}/{repo}/git/commits', {
    owner,
    repo,
    message: options.message,
    tree: treeSha,
    parents: head === null ? [] : [head],
  });
  const commitSha = (commit.data as { sha: string }).sha;
  if (head === null) {
    await client.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/${ref}`, sha: commitSha });
  } else {
    await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { owner, repo, ref, sha: commitSha, force: false });
  }
  return { committed: true, created: head === null, commitSha, changed: changed.map((f) => f.path) };
}

/** The branch's head commit, or null when the branch does not exist (404). */
async function headSha(client: GitDataClient, owner: string, repo: string, ref: string): Promise<string | null> {
  try {
    const response = await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref });
    return (response.data as { object: { sha: string } }).object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** Paths as git stores them: relative, `/`-separated, no empty, `.` or `..` segment, each once. */
function checkFiles(files: CommitBadgesOptions['files']): void {
  const seen = new Set<string>();
  for (const { path } of files) {
    if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..') || path.includes('\\')) {
      throw new Error(`Cannot commit "${path}": expected a relative path such as badges/lead-time.svg.`);
    }
    if (seen.has(path)) throw new Error(`Cannot commit "${path}" twice in one commit.`);
    seen.add(path);
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

/** Another run moved the branch (or created it) between our read and our write. */
function isRace(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return statusOf(error) === 422 && /fast.forward|already exists/i.test(message);
}

function explainGitError(error: unknown, options: CommitBadgesOptions): ActionError {
  if (error instanceof ActionError) return error;
  const status = statusOf(error);
  const message = errorText(error);
  const where = `branch \`${options.branch}\` of ${options.owner}/${options.repo}`;
  if (status === 401 || status === 403) {
    return new PermissionError(
      `The token may not write the badges to ${where} (${status}: ${message}).`,
      "add `contents: write` to the workflow's `permissions:`, and check that no branch protection rule covers the badges branch",
      { cause: error },
    );
  }
  if (status === 404) {
    return new NotFoundError(
      `GitHub found no repository ${options.owner}/${options.repo} to write the badges to (404).`,
      'check the `repository` input',
      {
        cause: error,
      },
    );
  }
  if (status === 409) {
    return new ActionError(`The badges cannot be committed to ${where}: ${message} (409).`, 'push a first commit to the repository', {
      cause: error,
    });
  }
  if (status === 422) {
    return new ActionError(
      `GitHub refused the badges commit to ${where} (422: ${message}).`,
      'check the branch protection rules of the badges branch',
      {
        cause: error,
      },
    );
  }
  return new UnavailableError(
    `The badges could not be committed to ${where} (${status ? `GitHub answered ${status}` : message}).`,
    'run the action again later',
    {
      cause: error,
    },
  );
}
