/**
 * A seeded random generator of SMALL repository histories (docs/dataset-format.md) and action inputs, for the
 * differential tests: the bundled action against the oracle (__tests__/oracle/oracle.ts).
 *
 * Every seed picks a handful of "features" (merge styles, reverts, rollbacks, ties, ...) and walks a clock forward
 * through a few to ~30 steps, so each dataset is tiny and a failing one can be read by a person. Together the
 * features cover the rules of docs/metrics.md; `features` in the result says which ones a dataset exercises.
 *
 * Rules the datasets keep (emulator README, emulator/dataset.ts): unique ids per kind, one number sequence for pull
 * requests and issues, every referenced SHA is a listed commit, `now` set, `branches` maps every branch to a listed
 * commit, no `tags` key (the action has no tags source yet), no time after `now`.
 */
import { mulberry32 } from '../support/generate-dataset.js';
import { createHash } from 'node:crypto';

/** The dataset clock. Whole days before it are the window bounds of `until: NOW` inputs. */
export const NOW = '2026-06-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Each element kept with probability p. */
  subset<T>(xs: readonly T[], p: number): T[] {
    return xs.filter(() => this.chance(p));
  }
}

/** Action inputs as a runner passes them (all strings); the oracle reads the same object. `until` is always set. */
export type CaseInputs = Record<string, string> & { until: string };

export interface GeneratedCase {
  seed: number;
  dataset: any;
  inputs: CaseInputs[];
  /** What the generator put in the dataset, for reading a failure. */
  features: string[];
}

export const FEATURES = [
  'merge',
  'squash',
  'rebase',
  'push',
  'otherBranch',
  'revert',
  'revertOfRevert',
  'selfRevert',
  'hotfix',
  'rollback',
  'redeploy',
  'failedRuns',
  'rerun',
  'noiseRuns',
  'statuses',
  'envMismatch',
  'releases',
  'incidents',
  'bots',
  'skew',
  'forcePush',
  'forkDeploy',
  'ties',
  'bounds',
  'atUntil',
  'closedPrs',
] as const;
export type Feature = (typeof FEATURES)[number];

const HUMANS = ['alice', 'bob', 'Carol', 'dave'];
const BOTS = ['dependabot[bot]', 'renovate[bot]'];

/** Pairs of ids that tie-break differently as numbers and as strings (or node ids): 9 < 10 but "9" > "10". */
const TIE_IDS: [number, number][] = [
  [9, 10],
  [99, 100],
  [8, 11],
  [98, 101],
  [7, 12],
  [97, 102],
];

interface ChangeRef {
  kind: 'pr' | 'push';
  number: number | null;
  /** merge commit (PR) or the commit itself */
  sha: string;
  title: string;
  headRef: string;
  /** own commits (PR) */
  commits: string[];
  isRevert: boolean;
}

interface DeployRecord {
  sha: string;
  t: number;
  /** The branch it ran on: a rollback or redeploy of it runs on the same one (GitHub resolves a ref to a commit of that branch). */
  branch: string;
}

class Gen {
  readonly r: Rng;
  readonly f: Set<Feature>;
  readonly seed: number;
  readonly main: string;
  /** The production environment's name in this dataset. */
  readonly prodEnv: string;
  readonly deployWorkflow: { id: number; path: string };
  readonly sources: Set<'workflow' | 'deployments' | 'releases'>;
  /** Scale of the history in days; inputs mostly use it as `days`. */
  readonly D: number;
  /** An alternative `until`, planned so that events can sit exactly on its window bounds. */
  readonly U: number;
  readonly bounds: number[];

  private counter = 0;
  private number = 0;
  private runId = 5000;
  private deploymentId = 200;
  private releaseId = 300;
  private ties = 0;
  /** When the repository was created (set by build). */
  private repositoryCreated = 0;
  readonly commits: any[] = [];
  readonly byShaCommit = new Map<string, any>();
  readonly pullRequests: any[] = [];
  readonly workflows: any[] = [];
  readonly runs: any[] = [];
  readonly deployments: any[] = [];
  readonly releases: any[] = [];
  readonly issues: any[] = [];
  readonly branches: Record<string, string> = {};
  /** Main's commits in the order they were added (for bases and targets). */
  mainLine: string[] = [];
  readonly changes: ChangeRef[] = [];
  readonly deploys: DeployRecord[] = [];
  /** Last successful production deployment (deployments source), to mark inactive when replaced. */
  private lastGithubDeployment: any = null;
  readonly used = new Set<string>();

  constructor(seed: number) {
    this.seed = seed;
    this.r = new Rng(seed);
    const r = this.r;
    // Focused seeds exercise a few features (readable failures); broad seeds most of them.
    const broad = r.chance(0.35);
    const f = new Set<Feature>(broad ? r.subset(FEATURES, 0.7) : r.subset(FEATURES, 0.18));
    if (!['merge', 'squash', 'rebase', 'push'].some((x) => f.has(x as Feature)))
      f.add(r.pick(['merge', 'squash', 'rebase', 'push'] as const));
    if (f.has('revertOfRevert') || f.has('selfRevert')) f.add('revert');
    this.f = f;
    this.main = r.pick(['main', 'main', 'main', 'master', 'trunk']);
    this.prodEnv = r.pick(['production', 'production', 'Production', 'prod', 'live']);
    this.deployWorkflow = r.pick([
      { id: 102, path: '.github/workflows/deploy.yml' },
      { id: 102, path: '.github/workflows/deploy.yml' },
      { id: 103, path: '.github/workflows/cd.yml' },
      { id: 104, path: '.github/workflows/Release.yml' },
      { id: 105, path: '.github/workflows/ci-cd.yaml' },
      { id: 106, path: '.github/workflows/publish_site.yml' },
    ]);
    const sources = new Set<'workflow' | 'deployments' | 'releases'>();
    if (r.chance(0.7)) sources.add('workflow');
    if (r.chance(0.5)) sources.add('deployments');
    if (r.chance(0.35) || f.has('releases')) sources.add('releases');
    this.sources = sources;
    this.D = r.chance(0.5) ? r.int(1, 10) : r.int(5, 40);
    this.U = NOW_MS - r.int(1, Math.max(1, Math.ceil(this.D / 2))) * DAY + (r.chance(0.5) ? 0 : r.int(1, 23) * HOUR);
    this.bounds = [NOW_MS - this.D * DAY, NOW_MS - 2 * this.D * DAY, this.U, this.U - this.D * DAY, this.U - 2 * this.D * DAY];
  }

  /* ---- ids ---- */

  sha(): string {
    return createHash('sha1')
      .update(`differential:${this.seed}:${++this.counter}`)
      .digest('hex');
  }
  nextNumber(): number {
    return ++this.number;
  }
  private unique(kind: string, id: number): number {
    const key = `${kind}:${id}`;
    if (this.used.has(key)) throw new Error(`generator: duplicate ${key}`);
    this.used.add(key);
    return id;
  }
  nextRunId(): number {
    return this.unique('run', ++this.runId);
  }
  nextDeploymentId(): number {
    return this.unique('deployment', ++this.deploymentId);
  }
  nextReleaseId(): number {
    return this.unique('release', ++this.releaseId);
  }
  /** Two ids that order differently as numbers and as strings; null when the reserved pairs are used up. */
  tiePair(kind: string): [number, number] | null {
    for (let i = this.ties; i < TIE_IDS.length; i++) {
      const [a, b] = TIE_IDS[i]!;
      if (!this.used.has(`${kind}:${a}`) && !this.used.has(`${kind}:${b}`)) {
        this.ties = i + 1;
        return [this.unique(kind, a), this.unique(kind, b)];
      }
    }
    return null;
  }

  /* ---- commits ---- */

  author(): string | null {
    if (this.f.has('bots') && this.r.chance(0.3)) return this.r.pick(BOTS);
    if (this.r.chance(0.04)) return null;
    return this.r.pick(HUMANS);
  }

  commit(spec: {
    parents: string[];
    authoredAt: number;
    committedAt?: number;
    author?: string | null;
    message: string;
    pullRequests?: number[];
  }): string {
    const sha = this.sha();
    const c: any = {
      sha,
      parents: spec.parents,
      message: spec.message,
      author: spec.author === undefined ? this.author() : spec.author,
      authoredAt: iso(Math.min(NOW_MS, spec.authoredAt)),
      committedAt: iso(Math.min(NOW_MS, spec.committedAt ?? spec.authoredAt)),
    };
    if (spec.pullRequests) c.pullRequests = spec.pullRequests;
    this.commits.push(c);
    this.byShaCommit.set(sha, c);
    return sha;
  }

  get head(): string {
    return this.branches[this.main]!;
  }
  setMain(sha: string): void {
    this.branches[this.main] = sha;
    this.mainLine.push(sha);
  }

  /** An authored time for work finished around `t`, sometimes skewed after `t` (clock skew). */
  authoredBefore(t: number, maxBack: number): number {
    if (this.f.has('skew') && this.r.chance(0.15)) return t + this.r.int(1, 72) * HOUR;
    return t - this.r.int(5, Math.max(6, Math.floor(maxBack / MIN))) * MIN;
  }

  /* ---- changes ---- */

  directPush(t: number, message?: string, author?: string | null): string {
    const sha = this.commit({
      parents: [this.head],
      authoredAt: this.authoredBefore(t, 6 * HOUR),
      committedAt: t,
      message: message ?? `Tweak ${this.counter}`,
      author,
    });
    this.setMain(sha);
    this.changes.push({
      kind: 'push',
      number: null,
      sha,
      title: message ?? 'push',
      headRef: '',
      commits: [sha],
      isRevert: /This reverts commit/.test(message ?? ''),
    });
    return sha;
  }

  /**
   * A pull request merged at `t` into `base` (a branch name) with the given method. `messages` are its own commits'
   * messages; returns the PR number and merge commit.
   */
  pullRequest(spec: {
    t: number;
    base: string;
    method: 'merge' | 'squash' | 'rebase';
    title: string;
    headRef?: string;
    messages?: string[];
    labels?: string[];
    author?: string | null;
    /** own commits given already (e.g. a branch being merged) */
    ownHead?: string;
    ownCommits?: string[];
  }): { number: number; merge: string } {
    const r = this.r;
    const number = this.nextNumber();
    const author = spec.author === undefined ? this.author() : spec.author;
    const baseHead = this.branches[spec.base]!;
    const opened = spec.t - r.int(10, 72 * 60) * MIN;
    let own: string[] = spec.ownCommits ?? [];
    let ownHead = spec.ownHead ?? null;
    if (ownHead === null) {
      const messages = spec.messages ?? Array.from({ length: r.int(1, 3) }, (_, i) => `${spec.title} (part ${i + 1})`);
      let p = baseHead;
      own = [];
      messages.forEach((message, i) => {
        let authored = opened - (messages.length - i) * r.int(10, 240) * MIN;
        if (this.f.has('skew') && r.chance(0.15)) authored = opened + r.int(1, 30) * HOUR; // after it was opened (stage 0)
        p = this.commit({ parents: [p], authoredAt: authored, committedAt: Math.max(authored, opened - HOUR), author, message });
        own.push(p);
      });
      ownHead = p;
    }
    const ownStart = Math.min(...own.map((s) => Date.parse(this.byShaCommit.get(s).authoredAt)));
    // The merge or squash commit's authored date: usually the merge, sometimes earlier than every own commit.
    const mergeAuthored = this.f.has('skew') && r.chance(0.3) ? ownStart - r.int(1, 48) * HOUR : spec.t;
    let merge: string;
    if (spec.method === 'merge') {
      merge = this.commit({
        parents: [baseHead, ownHead],
        authoredAt: mergeAuthored,
        committedAt: spec.t,
        author,
        message: `Merge pull request #${number} from acme/${spec.headRef ?? `feature/${number}`}\n\n${spec.title}`,
      });
    } else if (spec.method === 'squash') {
      const body = own.map((s) => `* ${this.byShaCommit.get(s).message}`).join('\n\n');
      merge = this.commit({
        parents: [baseHead],
        authoredAt: mergeAuthored,
        committedAt: spec.t,
        author,
        message: `${spec.title} (#${number})\n\n${body}`,
      });
    } else {
      let p = baseHead;
      for (const s of own) {
        const c = this.byShaCommit.get(s);
        p = this.commit({
          parents: [p],
          authoredAt: Date.parse(c.authoredAt),
          committedAt: spec.t,
          author: c.author,
          message: c.message,
          pullRequests: [number],
        });
      }
      merge = p;
    }
    this.branches[spec.base] = merge;
    if (spec.base === this.main) this.mainLine.push(merge);
    const labels = spec.labels ?? [];
    this.pullRequests.push({
      number,
      title: spec.title,
      author,
      baseRef: spec.base,
      headRef: spec.headRef ?? `feature/${number}`,
      createdAt: iso(opened),
      closedAt: iso(spec.t),
      mergedAt: iso(spec.t),
      mergeCommitSha: merge,
      commits: own,
      labels,
      draft: false,
      reviews: r.chance(0.5) ? [{ author: r.pick(HUMANS), state: 'APPROVED', submittedAt: iso(Math.max(opened, spec.t - 30 * MIN)) }] : [],
    });
    if (spec.base === this.main) {
      this.changes.push({
        kind: 'pr',
        number,
        sha: merge,
        title: spec.title,
        headRef: spec.headRef ?? `feature/${number}`,
        commits: own,
        isRevert: spec.title.startsWith('Revert "'),
      });
    }
    return { number, merge };
  }

  method(): 'merge' | 'squash' | 'rebase' {
    const styles = (['merge', 'squash', 'rebase'] as const).filter((m) => this.f.has(m));
    return styles.length > 0 ? this.r.pick(styles) : this.r.pick(['merge', 'squash', 'rebase'] as const);
  }

  hotfixLabels(): string[] {
    if (!this.f.has('hotfix') || !this.r.chance(0.4)) return this.r.chance(0.1) ? ['bug'] : [];
    return [this.r.pick(['hotfix', 'HotFix', 'HOTFIX', 'urgent', 'Hotfix'])];
  }

  /** A feature PR into the production branch, or a direct push. */
  change(t: number): void {
    const prStyles = (['merge', 'squash', 'rebase'] as const).some((m) => this.f.has(m));
    if (this.f.has('push') && (!prStyles || this.r.chance(0.35))) {
      this.directPush(t, this.r.pick(['Fix typo', 'Bump version', 'Update README', 'Tune cache']), undefined);
      return;
    }
    this.pullRequest({
      t,
      base: this.main,
      method: this.method(),
      title: this.r.pick(['Add cart', 'Fix login', 'Speed up search', 'New banner', 'Refactor api']),
      labels: this.hotfixLabels(),
    });
  }

  /** `This reverts commit <sha>`, full or abbreviated to 7+ hex digits (unique among the commits so far). */
  reference(sha: string): string {
    if (this.r.chance(0.5)) return sha;
    for (let n = this.r.int(7, 12); n < 40; n++) {
      const prefix = sha.slice(0, n);
      if (this.commits.filter((c) => c.sha.startsWith(prefix)).length === 1) return prefix;
    }
    return sha;
  }

  revert(t: number): void {
    const r = this.r;
    if (this.f.has('selfRevert') && r.chance(0.25)) {
      // A pull request whose second commit reverts its first.
      const number = this.number + 1;
      const opened = t - r.int(1, 48) * HOUR;
      const a = this.commit({ parents: [this.head], authoredAt: opened - 2 * HOUR, message: 'Try new checkout' });
      const b = this.commit({
        parents: [a],
        authoredAt: opened - HOUR,
        message: `Revert "Try new checkout"\n\nThis reverts commit ${this.reference(a)}.`,
      });
      const pr = this.pullRequest({
        t,
        base: this.main,
        method: this.method(),
        title: 'Checkout experiment',
        ownHead: b,
        ownCommits: [a, b],
      });
      if (pr.number !== number) throw new Error('generator: number sequence');
      return;
    }
    let candidates = this.changes.filter((c) => !c.isRevert || this.f.has('revertOfRevert'));
    if (this.f.has('revertOfRevert') && r.chance(0.5)) {
      const reverts = this.changes.filter((c) => c.isRevert);
      if (reverts.length > 0) candidates = reverts;
    }
    if (candidates.length === 0) {
      this.change(t);
      return;
    }
    const target = r.pick(candidates.slice(-4));
    const style = r.pick(['button', 'button', 'title', 'branch', 'message', 'push'] as const);
    // A PR is reverted by its merge commit, or sometimes by one of its own commits (on the branch for a merge-style
    // PR; off it after a squash or rebase, so never shipped itself: docs/metrics.md "No target found") or by a rebase
    // copy.
    const copies = target.kind === 'pr' ? this.commits.filter((c) => c.pullRequests?.includes(target.number)).map((c) => c.sha) : [];
    const named = [...copies, ...(target.kind === 'pr' ? target.commits : [])];
    const targetSha = named.length > 0 && r.chance(0.25) ? r.pick(named) : target.sha;
    const mention = `This reverts commit ${this.reference(targetSha)}${target.kind === 'pr' && r.chance(0.3) ? `, reversing\nchanges made to ${this.byShaCommit.get(target.sha)?.parents[0] ?? targetSha}` : ''}.`;
    const quoted = `Revert "${target.title}"`;
    if (style === 'push' || (target.kind === 'push' && r.chance(0.4))) {
      const sha = this.directPush(t, `${quoted}\n\n${mention}`);
      this.changes[this.changes.length - 1]!.isRevert = true;
      void sha;
      return;
    }
    const n = this.number + 1;
    const headRef =
      style === 'button' || style === 'branch'
        ? target.kind === 'pr'
          ? `revert-${target.number}-${target.headRef}`
          : `revert-fix-${n}` // GitHub's revert-<N>- names a pull request; a pushed commit has none
        : `fix/undo-${n}`;
    const title = style === 'button' || style === 'title' ? quoted : 'Undo the last change';
    const message = style === 'button' || style === 'message' ? `${quoted}\n\n${mention}` : quoted;
    this.pullRequest({ t, base: this.main, method: this.method(), title, headRef, messages: [message], labels: this.hotfixLabels() });
    const last = this.changes[this.changes.length - 1]!;
    last.isRevert = true;
  }

  /* ---- other branches ---- */

  /** A PR into `develop`, or develop merged into the production branch (by a PR or a pushed merge commit). */
  otherBranch(t: number): void {
    const r = this.r;
    if (this.branches.develop === undefined) this.branches.develop = this.head;
    const ahead = this.pullRequests.some((p) => p.baseRef === 'develop' && !this.onMain(p.mergeCommitSha));
    if (!ahead || r.chance(0.5)) {
      this.pullRequest({
        t,
        base: 'develop',
        method: this.method(),
        title: r.pick(['Develop: new api', 'Develop: cleanup']),
        labels: this.hotfixLabels(),
      });
      return;
    }
    const developHead = this.branches.develop;
    if (r.chance(0.5)) {
      // The PR's own commits: develop's commits that the production branch does not have yet.
      const onMain = this.ancestors(this.head);
      const own = [...this.ancestors(developHead)]
        .filter((s) => !onMain.has(s))
        .sort((a, b) => Date.parse(this.byShaCommit.get(a).committedAt) - Date.parse(this.byShaCommit.get(b).committedAt));
      this.pullRequest({
        t,
        base: this.main,
        method: 'merge',
        title: 'Release develop',
        headRef: 'develop',
        ownHead: developHead,
        ownCommits: own,
      });
    } else {
      const m = this.commit({ parents: [this.head, developHead], authoredAt: t, message: `Merge branch 'develop' into ${this.main}` });
      this.setMain(m);
      this.changes.push({ kind: 'push', number: null, sha: m, title: 'merge develop', headRef: '', commits: [m], isRevert: false });
    }
  }

  ancestors(tip: string): Set<string> {
    const seen = new Set<string>();
    const stack = [tip];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const p of this.byShaCommit.get(s)?.parents ?? []) stack.push(p);
    }
    return seen;
  }

  onMain(sha: string): boolean {
    return this.ancestors(this.head).has(sha);
  }

  /** A release branch forked from the production branch (sometimes from an older commit), deployed. */
  forkDeploy(t: number): void {
    const r = this.r;
    if (this.branches.develop !== undefined && r.chance(0.3)) {
      // develop itself deployed: its pull requests (hotfixes, reverts) ship before reaching the production branch
      this.deploy(this.branches.develop, t, 'develop');
      return;
    }
    const name = `release/${Object.keys(this.branches).filter((b) => b.startsWith('release/')).length + 1}`;
    this.branches[name] = r.pick(this.mainLine.slice(-3));
    const merged = t - r.int(10, 120) * MIN;
    const prs = this.changes.filter((c) => c.kind === 'pr');
    if (r.chance(0.4) && prs.length > 0) {
      // a revert of a production change, merged into the release branch by a pull request and deployed from it
      const target = r.pick(prs.slice(-3));
      const message = `Revert "${target.title}"\n\nThis reverts commit ${this.reference(target.sha)}.`;
      this.pullRequest({
        t: merged,
        base: name,
        method: this.method(),
        title: `Revert "${target.title}"`,
        headRef: `revert-${target.number}-${target.headRef}`,
        messages: [message],
      });
    } else if (r.chance(0.5)) {
      // a hotfix pull request into the release branch
      this.pullRequest({
        t: merged,
        base: name,
        method: this.method(),
        title: 'Backport fix',
        labels: [r.pick(['hotfix', 'HotFix', 'urgent'])],
      });
    } else {
      let p = this.branches[name]!;
      for (let i = 0; i < r.int(1, 2); i++)
        p = this.commit({ parents: [p], authoredAt: t - r.int(1, 20) * HOUR, message: `Backport fix ${i + 1}` });
      this.branches[name] = p;
    }
    const p = this.branches[name]!;
    this.deploy(p, t, name);
    if (r.chance(0.5)) {
      // merged back (at once: the merge commit is what the production branch deploys next)
      const m = this.commit({ parents: [this.head, p], authoredAt: t, message: `Merge branch '${name}'` });
      this.setMain(m);
      this.changes.push({ kind: 'push', number: null, sha: m, title: `merge ${name}`, headRef: '', commits: [m], isRevert: false });
    }
  }

  /** Rewrite the production branch: a new root (orphan history), or a reset to an older commit. */
  forcePush(t: number): void {
    const r = this.r;
    if (r.chance(0.25) || this.mainLine.length < 3) {
      const root = this.commit({ parents: [], authoredAt: t - 2 * HOUR, message: 'Rewrite history' });
      this.mainLine = [];
      this.setMain(root);
      this.directPush(t - HOUR, 'First commit on the new history');
    } else {
      const back = this.mainLine[this.mainLine.length - r.int(2, Math.min(4, this.mainLine.length))]!;
      this.mainLine = this.mainLine.slice(0, this.mainLine.indexOf(back) + 1);
      this.branches[this.main] = back;
      this.directPush(t, 'Redo after reset');
    }
  }

  /* ---- deployments ---- */

  /** A successful deployment of `sha` completing at `t`, in every source this dataset uses. */
  deploy(sha: string, t: number, branch?: string, ids?: { run?: number; deployment?: number; release?: number }): void {
    const r = this.r;
    const onBranch = branch ?? this.main;
    this.deploys.push({ sha, t, branch: onBranch });
    if (this.sources.has('workflow')) {
      if (this.f.has('failedRuns') && r.chance(0.35)) {
        // one or two failed attempts before the success (separate runs)
        const k = r.int(1, 2);
        for (let i = k; i >= 1; i--) this.run({ sha, completed: t - i * r.int(5, 90) * MIN, conclusion: 'failure', branch: onBranch });
      }
      const rerun = this.f.has('rerun') && r.chance(0.35);
      this.run({
        id: ids?.run,
        sha,
        completed: t,
        conclusion: 'success',
        branch: onBranch,
        runAttempt: rerun ? 2 : 1,
        // GitHub re-runs a run up to 30 days after it was created, which was after its commit was
        // pushed (a run is created for a commit that exists) and after the repository was created
        created: rerun ? this.createdFor(sha, t - r.int(1, 29) * DAY - r.int(0, 23) * HOUR, t) : undefined,
      });
    }
    if (this.sources.has('deployments')) {
      const id = ids?.deployment ?? this.nextDeploymentId();
      const created = t - r.int(2, 30) * MIN;
      const statuses: any[] = [
        { state: 'in_progress', createdAt: iso(created + MIN) },
        { state: 'success', createdAt: iso(t) },
      ];
      const d = {
        id,
        sha,
        ref: onBranch,
        environment: this.prodEnv,
        creator: 'github-actions[bot]',
        // a re-run job creates its deployment when it starts; GitHub re-runs up to 30 days after creation
        createdAt: iso(
          this.f.has('rerun') && r.chance(0.2) ? this.createdFor(sha, t - r.int(1, Math.min(29, 2 * this.D + 2)) * DAY, t) : created,
        ),
        statuses,
      };
      if (Date.parse(d.createdAt) > Date.parse(statuses[0].createdAt)) statuses[0].createdAt = d.createdAt;
      this.deployments.push(d);
      // GitHub marks the deployment this one replaced inactive.
      if (this.lastGithubDeployment && r.chance(0.6)) this.lastGithubDeployment.statuses.push({ state: 'inactive', createdAt: iso(t) });
      this.lastGithubDeployment = d;
    }
    if (this.sources.has('releases')) {
      const id = ids?.release ?? this.nextReleaseId();
      this.releases.push({
        id,
        tagName: `v1.${id}.0`,
        name: `v1.${id}.0`,
        targetSha: sha,
        draft: false,
        prerelease: false,
        author: 'alice',
        createdAt: iso(t - MIN),
        publishedAt: iso(t),
      });
    }
  }

  /**
   * When a run or deployment of `sha` wanted at `wanted` can have been created at the earliest: not
   * before its commit was committed (the generator's committed times are true times) nor before
   * the repository existed.
   */
  createdFor(sha: string, wanted: number, completed: number): number {
    const committed = Date.parse(this.commits.find((c) => c.sha === sha)!.committedAt);
    return Math.min(completed - MIN, Math.max(wanted, committed + MIN, this.repositoryCreated + MIN));
  }

  run(spec: {
    sha: string;
    completed: number;
    conclusion: string | null;
    branch: string;
    id?: number;
    runAttempt?: number;
    created?: number;
    event?: string;
    status?: string;
    workflowId?: number;
  }): void {
    const id = spec.id ?? this.nextRunId();
    const created = spec.created ?? spec.completed - this.r.int(2, 20) * MIN;
    this.runs.push({
      id,
      workflowId: spec.workflowId ?? this.deployWorkflow.id,
      runNumber: this.runs.length + 1,
      runAttempt: spec.runAttempt ?? 1,
      event: spec.event ?? this.r.pick(['push', 'push', 'workflow_dispatch']),
      headBranch: spec.branch,
      headSha: spec.sha,
      status: spec.status ?? 'completed',
      conclusion: spec.conclusion,
      createdAt: iso(created),
      runStartedAt: iso(created),
      updatedAt: iso(spec.completed),
      actor: 'alice',
    });
  }

  /** Deploy the production branch's head, or roll back, or redeploy, or two deployments at the same second. */
  deployStep(t: number): void {
    const r = this.r;
    const last = this.deploys[this.deploys.length - 1];
    if (last && this.f.has('rollback') && r.chance(0.3)) {
      const earlier = this.deploys.filter((d) => d.sha !== last.sha);
      const older = this.mainLine.slice(0, -1);
      const again =
        earlier.length > 0 ? r.pick(earlier.slice(-3)) : older.length > 0 ? { sha: r.pick(older.slice(-3)), branch: this.main } : null;
      if (again !== null) {
        this.deploy(again.sha, t, again.branch);
        return;
      }
    }
    if (last && this.f.has('redeploy') && r.chance(0.25)) {
      this.deploy(last.sha, t, last.branch);
      return;
    }
    if (this.f.has('ties') && r.chance(0.4) && this.mainLine.length >= 2) {
      const run = this.sources.has('workflow') ? this.tiePair('run') : null;
      const dep = this.sources.has('deployments') ? this.tiePair('deployment') : null;
      const rel = this.sources.has('releases') ? this.tiePair('release') : null;
      const a = this.head;
      const b = r.chance(0.5) ? this.mainLine[this.mainLine.length - 2]! : a;
      const [first, second] = r.chance(0.5) ? [a, b] : [b, a];
      this.deploy(first, t, undefined, { run: run?.[0], deployment: dep?.[0], release: rel?.[0] });
      this.deploy(second, t, undefined, { run: run?.[1], deployment: dep?.[1], release: rel?.[1] });
      return;
    }
    this.deploy(this.head, t);
  }

  /** Things that are no deployment (or only under other inputs). */
  noise(t: number): void {
    const r = this.r;
    const kinds: string[] = [];
    if (this.f.has('noiseRuns')) kinds.push('prRun', 'branchRun', 'ciRun', 'cancelled', 'inProgress', 'abcd');
    if (this.f.has('failedRuns')) kinds.push('failedRun', 'failedRun');
    if (this.f.has('statuses')) kinds.push('failedDeployment', 'successThenFailure', 'noStatus', 'error');
    if (this.f.has('envMismatch')) kinds.push('staging', 'prodEu');
    if (this.f.has('releases')) kinds.push('draft', 'prerelease');
    if (this.f.has('closedPrs')) kinds.push('closedPr', 'openPr');
    if (kinds.length === 0) return;
    const kind = r.pick(kinds);
    const sha = this.head;
    switch (kind) {
      case 'prRun': {
        const pr = this.pullRequests[this.pullRequests.length - 1];
        this.run({
          sha: pr?.commits[0] ?? sha,
          completed: t,
          conclusion: 'success',
          branch: r.chance(0.5) ? (pr?.headRef ?? 'feature/x') : this.main,
          event: r.pick(['pull_request', 'pull_request_target', 'merge_group']),
        });
        return;
      }
      case 'branchRun':
        this.run({ sha, completed: t, conclusion: 'success', branch: r.pick(['develop', 'staging', 'feature/x']), event: 'push' });
        return;
      case 'ciRun':
        this.ensureWorkflow(101, '.github/workflows/ci.yml');
        this.run({ sha, completed: t, conclusion: 'success', branch: this.main, workflowId: 101 });
        return;
      case 'abcd':
        this.ensureWorkflow(107, '.github/workflows/abcd.yml');
        this.run({ sha, completed: t, conclusion: 'success', branch: this.main, workflowId: 107 });
        return;
      case 'cancelled':
        this.run({ sha, completed: t, conclusion: r.pick(['cancelled', 'skipped']), branch: this.main });
        return;
      case 'inProgress':
        this.run({ sha, completed: t, conclusion: null, status: r.pick(['in_progress', 'queued']), branch: this.main });
        return;
      case 'failedRun':
        if (this.sources.has('workflow')) this.run({ sha, completed: t, conclusion: 'failure', branch: this.main });
        return;
      case 'failedDeployment':
      case 'successThenFailure':
      case 'noStatus':
      case 'error': {
        if (!this.sources.has('deployments')) return;
        const statuses =
          kind === 'failedDeployment'
            ? [{ state: 'failure', createdAt: iso(t) }]
            : kind === 'error'
              ? [
                  { state: 'in_progress', createdAt: iso(t - MIN) },
                  { state: 'error', createdAt: iso(t) },
                ]
              : kind === 'noStatus'
                ? []
                : [
                    { state: 'success', createdAt: iso(t) },
                    { state: 'failure', createdAt: iso(Math.min(NOW_MS, t + r.int(1, 48) * HOUR)) },
                  ];
        this.deployments.push({
          id: this.nextDeploymentId(),
          sha,
          ref: this.main,
          environment: this.prodEnv,
          creator: 'alice',
          createdAt: iso(t - 2 * MIN),
          statuses,
        });
        return;
      }
      case 'staging':
      case 'prodEu':
        this.deployments.push({
          id: this.nextDeploymentId(),
          sha,
          ref: this.main,
          environment: kind === 'staging' ? r.pick(['staging', 'preview']) : r.pick(['production-eu', 'prod-us']),
          creator: 'alice',
          createdAt: iso(t - 2 * MIN),
          statuses: [{ state: 'success', createdAt: iso(t) }],
        });
        return;
      case 'draft':
      case 'prerelease': {
        const id = this.nextReleaseId();
        this.releases.push({
          id,
          tagName: `v2.${id}.0${kind === 'prerelease' ? '-rc.1' : ''}`,
          name: `v2.${id}.0`,
          targetSha: sha,
          draft: kind === 'draft',
          prerelease: kind === 'prerelease',
          author: 'alice',
          createdAt: iso(t - MIN),
          publishedAt: kind === 'draft' ? null : iso(t),
        });
        return;
      }
      case 'closedPr':
      case 'openPr': {
        const number = this.nextNumber();
        const c = this.commit({ parents: [this.head], authoredAt: t - 3 * HOUR, message: 'Abandoned idea' });
        this.pullRequests.push({
          number,
          title: r.pick(['Abandoned idea', 'Revert "Add cart"']),
          author: this.author(),
          baseRef: this.main,
          headRef: `feature/${number}`,
          createdAt: iso(t - 2 * HOUR),
          closedAt: kind === 'closedPr' ? iso(t) : null,
          mergedAt: null,
          mergeCommitSha: null,
          commits: [c],
          labels: r.chance(0.5) ? ['hotfix'] : [],
          draft: kind === 'openPr' && r.chance(0.5),
          reviews: [],
        });
        return;
      }
    }
  }

  ensureWorkflow(id: number, path: string): void {
    if (!this.workflows.some((w) => w.id === id)) this.workflows.push({ id, name: path.split('/').pop()!, path, state: 'active' });
  }

  incident(t: number): void {
    const r = this.r;
    const number = this.nextNumber();
    const last = this.deploys[this.deploys.length - 1];
    const opened =
      last && r.chance(0.7)
        ? Math.min(NOW_MS, last.t + r.pick([10 * MIN, 2 * HOUR, 30 * HOUR, 71 * HOUR, 72 * HOUR, 80 * HOUR, 200 * HOUR]))
        : t;
    const closed = r.chance(0.25) ? null : opened + r.int(10, 72 * 60) * MIN;
    this.issues.push({
      number,
      title: r.pick(['Checkout down', 'Errors on login', 'Slow pages']),
      author: 'carol',
      labels: r.pick([['incident'], ['Incident'], ['sev1'], ['incident', 'sev1'], ['bug']]),
      createdAt: iso(opened),
      closedAt: closed === null || closed > NOW_MS ? null : iso(closed),
    });
  }

  /* ---- the walk ---- */

  build(): any {
    const r = this.r;
    const f = this.f;
    const span = (2 * this.D + Math.max(1, Math.ceil(this.D / 2))) * DAY;
    const start = NOW_MS - span - r.int(0, 23) * HOUR;
    this.repositoryCreated = start - 2 * DAY;
    if (this.sources.has('workflow')) this.ensureWorkflow(this.deployWorkflow.id, this.deployWorkflow.path);
    if (r.chance(0.5)) this.ensureWorkflow(101, '.github/workflows/ci.yml');
    const root = this.commit({ parents: [], authoredAt: start - DAY, message: 'Initial commit', author: 'alice' });
    this.setMain(root);

    const steps = r.int(4, f.size > 10 ? 30 : 16);
    let t = start;
    const weights: [string, number][] = [
      ['change', 4],
      ['deploy', 3],
      ['revert', f.has('revert') ? 1.5 : 0],
      ['other', f.has('otherBranch') ? 1 : 0],
      ['fork', f.has('forkDeploy') ? 0.6 : 0],
      ['force', f.has('forcePush') ? 0.4 : 0],
      ['noise', 1.5],
      ['incident', f.has('incidents') ? 1 : 0],
    ];
    const total = weights.reduce((s, [, w]) => s + w, 0);
    let forced = false;
    for (let i = 0; i < steps && this.commits.length < 60; i++) {
      const previous = t;
      t += Math.max(MIN, Math.floor((span / steps) * 2 * r.float()));
      t = Math.floor(t / MIN) * MIN;
      if (t > NOW_MS) t = NOW_MS;
      let kind = '';
      let x = r.float() * total;
      for (const [k, w] of weights) {
        if ((x -= w) < 0) {
          kind = k;
          break;
        }
      }
      if (kind === 'force') {
        if (forced) kind = 'change';
        forced = true;
      }
      // Events exactly on a window bound (of `until: NOW` or of the planned alternative `until`).
      if (f.has('bounds') && (kind === 'deploy' || kind === 'change' || kind === 'incident')) {
        const bound = this.bounds.find((b) => b > previous && b <= t);
        if (bound !== undefined && r.chance(0.7)) t = bound;
      }
      switch (kind) {
        case 'change':
          this.change(t);
          break;
        case 'deploy':
          this.deployStep(t);
          break;
        case 'revert':
          this.revert(t);
          break;
        case 'other':
          this.otherBranch(t);
          break;
        case 'fork':
          this.forkDeploy(t);
          break;
        case 'force':
          this.forcePush(t);
          break;
        case 'noise':
          this.noise(t);
          break;
        case 'incident':
          this.incident(t);
          break;
      }
      if (t >= NOW_MS) break;
    }
    // At least a couple of changes, so no seed is empty.
    while (this.mainLine.length < 3 && t < NOW_MS) {
      t = Math.min(NOW_MS, t + r.int(1, 12) * HOUR);
      this.change(t);
    }
    // Deploy what is left most of the time, so the last changes ship.
    if (t < NOW_MS && (r.chance(0.7) || (this.deploys.length === 0 && r.chance(0.8))))
      this.deployStep(Math.min(NOW_MS, t + r.int(10, 600) * MIN));
    if (f.has('atUntil')) {
      // Events exactly at an `until` (ignored there) or just before it.
      // Never before the head was committed: a deployment cannot ship a commit that does not exist yet.
      const headCommitted = Date.parse(this.byShaCommit.get(this.head).committedAt);
      const at = Math.max(r.pick([NOW_MS, this.U, NOW_MS - 1000]), headCommitted);
      const what = r.pick(['deploy', 'change', 'incident']);
      if (what === 'deploy') this.deploy(this.head, at);
      else if (what === 'change') this.change(at);
      else this.incident(at);
    }
    if (f.has('incidents') && r.chance(0.3)) this.incident(start + r.int(0, 3) * HOUR); // before any deployment

    const dataset: any = {
      format: 1,
      now: NOW,
      generator: { name: 'differential', seed: this.seed, features: [...f].sort(), scaleDays: this.D, alternativeUntil: iso(this.U) },
      repository: { owner: 'acme', name: `seed-${this.seed}`, defaultBranch: this.main, createdAt: iso(this.repositoryCreated) },
      branches: { ...this.branches },
      commits: this.commits,
      pullRequests: this.pullRequests,
      workflows: [...this.workflows].sort((a, b) => a.id - b.id),
      workflowRuns: this.runs,
      deployments: this.deployments,
      releases: this.releases,
      issues: this.issues,
    };
    if (this.releases.length === 0) delete dataset.releases;
    return dataset;
  }

  /** 1 to 3 input sets. */
  inputs(dataset: any): CaseInputs[] {
    const r = this.r;
    const count = r.pick([1, 1, 2, 2, 3]);
    const out: CaseInputs[] = [];
    const eventTimes: number[] = [
      ...this.deploys.map((d) => d.t),
      ...this.pullRequests.filter((p) => p.mergedAt).map((p) => Date.parse(p.mergedAt)),
      ...this.issues.filter((i) => i.closedAt).map((i) => Date.parse(i.closedAt)),
    ].filter((x) => x <= NOW_MS && x > NOW_MS - 3 * this.D * DAY);
    for (let i = 0; i < count; i++) {
      const inputs: Record<string, string> = {};
      const u = r.float();
      let until: number;
      if (u < 0.55) until = NOW_MS;
      else if (u < 0.8) until = this.U;
      else if (eventTimes.length > 0) until = r.pick(eventTimes);
      else until = NOW_MS - r.int(1, 48) * HOUR;
      inputs.until = until % DAY === 0 && r.chance(0.3) ? iso(until).slice(0, 10) : iso(until);
      inputs.days = String(r.chance(0.65) ? this.D : r.int(1, 40));
      if (r.chance(0.6))
        inputs['deployment-source'] = r.pick(['auto', 'workflow', 'deployments', 'releases', 'merges', 'workflow', 'deployments']);
      // `workflows` names only workflows the dataset has (a name it lacks is an input error for the action); the
      // capitalised variant probes "file names are compared exactly".
      const files = new Set(this.workflows.map((w) => String(w.path).split('/').pop()!));
      const file = this.deployWorkflow.path.split('/').pop()!;
      if (files.has(file) && r.chance(0.15)) {
        const options = [
          file,
          file,
          file,
          String(this.deployWorkflow.id),
          String(this.deployWorkflow.id),
          file.charAt(0) === file.charAt(0).toUpperCase() ? file.toLowerCase() : file.charAt(0).toUpperCase() + file.slice(1),
        ];
        if (files.has('abcd.yml')) options.push(`${file},abcd.yml`, 'abcd.yml');
        if (files.has('ci.yml')) options.push('ci.yml');
        inputs.workflows = r.pick(options);
      }
      if (r.chance(0.15))
        inputs.environment = r.pick([
          'production',
          '^prod',
          'PRODUCTION',
          'staging|production',
          'prod',
          '^(production|prod|live)$',
          'production-eu',
        ]);
      if (r.chance(0.15)) {
        const others = Object.keys(dataset.branches).filter((b) => b !== this.main);
        inputs.branch = others.length > 0 && r.chance(0.2) ? r.pick(others) : this.main;
      }
      if (r.chance(0.5)) {
        const signals = r.subset(['hotfix', 'revert', 'rollback', 'incident', 'failed-run'], 0.55);
        inputs['failure-signals'] = (signals.length > 0 ? signals : ['revert']).join(',');
      }
      if (r.chance(0.2)) inputs['hotfix-labels'] = r.pick(['hotfix,urgent', 'HOTFIX', 'urgent', 'Hotfix, bug']);
      if (r.chance(0.2)) inputs['incident-labels'] = r.pick(['incident,sev1', 'Sev1', 'INCIDENT']);
      if (r.chance(0.2)) inputs['incident-window'] = String(r.pick([1, 2, 24, 30, 71, 72, 100, 200]));
      if (r.chance(0.25)) {
        const authors = r.subset([...HUMANS, ...BOTS], 0.35);
        inputs['exclude-authors'] = (authors.length > 0 ? authors : ['dependabot[bot]'])
          .map((a) =>
            r.chance(0.3) ? (a.endsWith('[bot]') && r.chance(0.85) ? a.charAt(0).toUpperCase() + a.slice(1) : a.toUpperCase()) : a,
          )
          .join(',');
      }
      if (r.chance(0.25)) inputs['include-prereleases'] = r.pick(['true', 'false']);
      if (r.chance(0.2)) inputs.benchmark = r.pick(['2021', '2022', '2023']);
      out.push(inputs as CaseInputs);
    }
    return out;
  }
}

/** Every id unique, every referenced SHA a listed commit, one number sequence, nothing after `now`. */
export function validateDataset(ds: any): string[] {
  const problems: string[] = [];
  const shas = new Set<string>();
  for (const c of ds.commits ?? []) {
    if (!/^[0-9a-f]{40}$/.test(c.sha)) problems.push(`bad sha ${c.sha}`);
    if (shas.has(c.sha)) problems.push(`duplicate commit ${c.sha}`);
    shas.add(c.sha);
  }
  const need = (sha: unknown, what: string): void => {
    if (typeof sha !== 'string' || !shas.has(sha)) problems.push(`${what} references unknown commit ${String(sha)}`);
  };
  for (const c of ds.commits ?? []) for (const p of c.parents ?? []) need(p, `commit ${c.sha} parent`);
  for (const [b, sha] of Object.entries(ds.branches ?? {})) need(sha, `branch ${b}`);
  if (!ds.branches?.[ds.repository?.defaultBranch ?? 'main']) problems.push('no default branch head');
  const numbers = new Set<number>();
  for (const x of [...(ds.pullRequests ?? []), ...(ds.issues ?? [])]) {
    if (numbers.has(x.number)) problems.push(`duplicate issue/PR number ${x.number}`);
    numbers.add(x.number);
  }
  for (const p of ds.pullRequests ?? []) {
    for (const s of p.commits ?? []) need(s, `PR #${p.number} commit`);
    if (p.mergedAt) need(p.mergeCommitSha, `PR #${p.number} merge commit`);
  }
  const unique = (list: any[] | undefined, what: string): void => {
    const ids = new Set<number>();
    for (const x of list ?? []) {
      if (ids.has(x.id)) problems.push(`duplicate ${what} id ${x.id}`);
      ids.add(x.id);
    }
  };
  unique(ds.workflows, 'workflow');
  unique(ds.workflowRuns, 'run');
  unique(ds.deployments, 'deployment');
  unique(ds.releases, 'release');
  for (const r of ds.workflowRuns ?? []) need(r.headSha, `run ${r.id}`);
  for (const d of ds.deployments ?? []) need(d.sha, `deployment ${d.id}`);
  for (const r of ds.releases ?? []) need(r.targetSha, `release ${r.id}`);
  if ('tags' in ds) problems.push('the dataset has a tags key');
  // GitHub creates a run, deployment or release for a commit that exists, in a repository that
  // exists. A committer's clock may be fast: the action allows a day (docs/metrics.md "Baselines").
  const committedAt = new Map<string, number>((ds.commits ?? []).map((c: any) => [c.sha, Date.parse(c.committedAt)]));
  const repositoryCreated = Date.parse(ds.repository?.createdAt ?? '');
  const createdAfter = (created: string, sha: string, what: string): void => {
    const t = Date.parse(created);
    if (t < (committedAt.get(sha) ?? t) - DAY)
      problems.push(`${what} created ${created}, over a day before its commit ${sha} was committed`);
    if (t < repositoryCreated) problems.push(`${what} created ${created}, before the repository`);
  };
  for (const r of ds.workflowRuns ?? []) createdAfter(r.createdAt, r.headSha, `run ${r.id}`);
  for (const d of ds.deployments ?? []) createdAfter(d.createdAt, d.sha, `deployment ${d.id}`);
  for (const r of ds.releases ?? []) createdAfter(r.createdAt, r.targetSha, `release ${r.id}`);
  const now = Date.parse(ds.now);
  const late = (value: unknown, what: string): void => {
    if (typeof value === 'string' && Date.parse(value) > now) problems.push(`${what} ${value} is after now`);
  };
  for (const c of ds.commits ?? []) {
    late(c.authoredAt, `commit ${c.sha} authoredAt`);
    late(c.committedAt, `commit ${c.sha} committedAt`);
  }
  for (const p of ds.pullRequests ?? []) for (const k of ['createdAt', 'closedAt', 'mergedAt']) late(p[k], `PR #${p.number} ${k}`);
  for (const r of ds.workflowRuns ?? []) for (const k of ['createdAt', 'updatedAt']) late(r[k], `run ${r.id} ${k}`);
  for (const d of ds.deployments ?? []) for (const s of d.statuses ?? []) late(s.createdAt, `deployment ${d.id} status`);
  for (const i of ds.issues ?? []) for (const k of ['createdAt', 'closedAt']) late(i[k], `issue #${i.number} ${k}`);
  return problems;
}

/** The dataset and 1-3 input sets of one seed. Deterministic. */
export function generateCase(seed: number): GeneratedCase {
  const g = new Gen(seed);
  const dataset = g.build();
  const problems = validateDataset(dataset);
  if (problems.length > 0) throw new Error(`generator produced an invalid dataset for seed ${seed}:\n${problems.join('\n')}`);
  return { seed, dataset, inputs: g.inputs(dataset), features: [...g.f].sort() };
}

/** A rough size, to find the smallest failing dataset: commits plus every other record. */
export function datasetSize(ds: any): number {
  return ['commits', 'pullRequests', 'workflowRuns', 'deployments', 'releases', 'issues'].reduce((s, k) => s + (ds[k]?.length ?? 0), 0);
}

/**
 * The rules of docs/metrics.md a case exercises, read from its dataset and inputs (not from the generator's
 * intentions), so a test can check that a list of seeds covers them all.
 */
export function coverageOf(c: GeneratedCase): Set<string> {
  const ds = c.dataset;
  const out = new Set<string>();
  const commits = new Map<string, any>((ds.commits ?? []).map((x: any) => [x.sha, x]));
  const ancestors = (tip: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [tip];
    while (stack.length > 0) {
      const sha = stack.pop()!;
      if (seen.has(sha)) continue;
      seen.add(sha);
      for (const p of commits.get(sha)?.parents ?? []) stack.push(p);
    }
    return seen;
  };
  const main = ds.repository.defaultBranch ?? 'main';
  const onMain = ancestors(ds.branches[main]);
  const prs: any[] = ds.pullRequests ?? [];
  const merged = prs.filter((p) => p.mergedAt);
  const inPr = new Set<string>();
  for (const p of merged) for (const sha of [...p.commits, p.mergeCommitSha]) inPr.add(sha);
  for (const x of ds.commits) for (const n of x.pullRequests ?? []) if (merged.some((p) => p.number === n)) inPr.add(x.sha);
  const REVERTS = /This reverts commit ([0-9a-f]{7,40})/;

  for (const p of merged) {
    const mc = commits.get(p.mergeCommitSha);
    if (p.baseRef === main) {
      if (mc.parents.length === 2) out.add('pr: merge commit');
      else if (ds.commits.some((x: any) => x.pullRequests?.includes(p.number))) out.add('pr: rebase (associated copies)');
      else out.add('pr: squash');
    } else {
      out.add('pr: into another branch');
      if (onMain.has(p.mergeCommitSha)) out.add('pr: into another branch, later reaching production');
    }
    if (p.title.startsWith('Revert "Revert "')) out.add('revert: of a revert');
    else if (p.title.startsWith('Revert "')) out.add('revert: by title');
    if (/^revert-\d+-/.test(p.headRef)) out.add('revert: by revert-<N>- branch');
    const own = p.commits.map((sha: string) => commits.get(sha)?.message ?? '');
    for (const m of [...own, mc.message]) {
      const ref = REVERTS.exec(m)?.[1];
      if (ref) out.add(ref.length === 40 ? 'revert: full sha' : 'revert: abbreviated sha');
      if (ref && p.commits.some((sha: string) => sha.startsWith(ref))) out.add('revert: of a commit of the same PR');
    }
    for (const l of p.labels) if (/hotfix/i.test(l)) out.add(l === 'hotfix' ? 'hotfix: label' : 'hotfix: label in another case');
    if (/bot\]$/.test(p.author ?? '')) out.add('author: bot');
  }
  if (prs.some((p) => !p.mergedAt)) out.add('pr: closed or open, not merged');
  for (const x of ds.commits) {
    if (onMain.has(x.sha) && !inPr.has(x.sha)) {
      out.add('push: direct');
      if (REVERTS.test(x.message)) out.add('revert: pushed without a PR');
      if (/bot\]$/.test(x.author ?? '')) out.add('author: bot direct push');
    }
    if (x.author === null) out.add('author: none');
    if (Date.parse(x.authoredAt) > Date.parse(x.committedAt)) out.add('time: authored after committed (skew)');
  }
  if (ds.commits.filter((x: any) => x.parents.length === 0).length > 1) out.add('history: force push to a new root');
  // every deployment-like record: [time, id, sha]
  const runs: any[] = ds.workflowRuns ?? [];
  const deps: any[] = ds.deployments ?? [];
  const rels: any[] = ds.releases ?? [];
  const deployed: { t: number; id: number; sha: string }[] = [
    ...runs.filter((x) => x.conclusion === 'success').map((x) => ({ t: Date.parse(x.updatedAt), id: x.id, sha: x.headSha })),
    ...deps.flatMap((d) =>
      d.statuses.filter((s: any) => s.state === 'success').map((s: any) => ({ t: Date.parse(s.createdAt), id: d.id, sha: d.sha })),
    ),
    ...rels.filter((x) => x.publishedAt).map((x) => ({ t: Date.parse(x.publishedAt), id: x.id, sha: x.targetSha })),
  ];
  const times = new Map<number, number[]>();
  for (const d of deployed) times.set(d.t, [...(times.get(d.t) ?? []), d.id]);
  for (const ids of times.values()) {
    if (ids.length > 1) out.add('order: deployments at the same second');
    if (ids.length > 1 && ids.some((a) => ids.some((b) => a < b && String(a) > String(b)))) out.add('order: tie ids 9 and 10');
  }
  const shaCount = new Map<string, number>();
  for (const d of deployed) shaCount.set(d.sha, (shaCount.get(d.sha) ?? 0) + 1);
  if ([...shaCount.values()].some((n) => n > 1)) out.add('deploy: same commit twice (redeploy)');
  const sortedDeps = [...deployed].sort((a, b) => a.t - b.t);
  for (let i = 1; i < sortedDeps.length; i++) {
    const prev = sortedDeps[i - 1]!;
    const d = sortedDeps[i]!;
    if (d.sha !== prev.sha && ancestors(prev.sha).has(d.sha)) out.add('deploy: rollback to an ancestor');
  }
  for (const d of deployed) {
    if (!onMain.has(d.sha)) {
      out.add(
        ancestors(d.sha).has(ds.commits.find((x: any) => x.parents.length === 0 && onMain.has(x.sha))?.sha)
          ? 'deploy: branch forked from production'
          : 'deploy: commit sharing no history (force push)',
      );
    }
    const clockSkew = [...ancestors(d.sha)].some((sha) => Date.parse(commits.get(sha)?.authoredAt) > d.t);
    if (clockSkew) out.add('time: authored after its deployment');
  }
  for (const x of runs) {
    if (x.conclusion === 'failure') out.add('run: failed');
    if (x.conclusion === 'cancelled' || x.conclusion === 'skipped') out.add('run: cancelled or skipped');
    if (x.status !== 'completed') out.add('run: not completed');
    if ((x.runAttempt ?? 1) > 1 && Date.parse(x.updatedAt) - Date.parse(x.createdAt) > 86_400_000)
      out.add('run: re-run completed long after creation');
    if (['pull_request', 'pull_request_target', 'merge_group'].includes(x.event)) out.add('run: pull_request event');
    if (x.headBranch !== main) out.add('run: other branch');
  }
  for (const w of ds.workflows ?? []) if (/abcd/.test(w.path)) out.add('workflow: abcd.yml (no whole-word cd)');
  for (const d of deps) {
    const states = d.statuses.map((s: any) => s.state);
    if (states.includes('inactive')) out.add('deployment: inactive status');
    if (states.at(-1) === 'failure' || states.at(-1) === 'error') out.add('deployment: failed');
    if (states.includes('success') && ['failure', 'error'].includes(states.at(-1))) out.add('deployment: success then failure');
    if (!/^(production|prod|live)$/i.test(d.environment)) out.add('deployment: environment the default does not match');
    if (Date.parse(d.statuses.at(-1)?.createdAt ?? d.createdAt) - Date.parse(d.createdAt) > 86_400_000)
      out.add('deployment: completed long after creation');
  }
  for (const x of rels) {
    if (x.draft) out.add('release: draft');
    if (x.prerelease) out.add('release: prerelease');
  }
  const D = Number(ds.generator?.scaleDays);
  const bounds = [0, 1, 2].flatMap((k) => [
    Date.parse(NOW) - k * D * 86_400_000,
    Date.parse(ds.generator?.alternativeUntil) - k * D * 86_400_000,
  ]);
  if (deployed.some((d) => bounds.includes(d.t))) out.add('time: deployment exactly on a window bound');
  for (const i of ds.issues ?? []) {
    if (!i.labels.some((l: string) => /incident|sev1/i.test(l))) continue;
    out.add(i.closedAt ? 'incident: closed' : 'incident: open');
    const last = sortedDeps.filter((d) => d.t <= Date.parse(i.createdAt)).at(-1);
    if (!last) out.add('incident: before any deployment');
    else if (Date.parse(i.createdAt) - last.t > 72 * 3_600_000) out.add('incident: beyond the default incident window');
  }
  for (const inputs of c.inputs) {
    out.add(`input: deployment-source ${inputs['deployment-source'] ?? '(default)'}`);
    for (const k of [
      'workflows',
      'environment',
      'branch',
      'hotfix-labels',
      'incident-labels',
      'incident-window',
      'exclude-authors',
      'include-prereleases',
      'benchmark',
    ]) {
      if (inputs[k] !== undefined) out.add(`input: ${k}`);
    }
    for (const s of (inputs['failure-signals'] ?? 'hotfix,revert,rollback').split(',')) out.add(`input: failure signal ${s}`);
    if (Date.parse(inputs.until) < Date.parse(NOW)) out.add('input: until before now');
    if (inputs.days !== String(D)) out.add('input: days other than the scale');
    if (/^\d{4}-\d{2}-\d{2}$/.test(inputs.until)) out.add('input: until as a date');
  }
  return out;
}

/** Everything coverageOf can report (the CI seeds must cover it all). */
export const COVERAGE = [
  'pr: merge commit',
  'pr: squash',
  'pr: rebase (associated copies)',
  'pr: into another branch',
  'pr: into another branch, later reaching production',
  'pr: closed or open, not merged',
  'push: direct',
  'revert: by title',
  'revert: by revert-<N>- branch',
  'revert: full sha',
  'revert: abbreviated sha',
  'revert: of a revert',
  'revert: of a commit of the same PR',
  'revert: pushed without a PR',
  'hotfix: label',
  'hotfix: label in another case',
  'author: bot',
  'author: bot direct push',
  'author: none',
  'time: authored after committed (skew)',
  'time: authored after its deployment',
  'time: deployment exactly on a window bound',
  'history: force push to a new root',
  'order: deployments at the same second',
  'order: tie ids 9 and 10',
  'deploy: same commit twice (redeploy)',
  'deploy: rollback to an ancestor',
  'deploy: branch forked from production',
  'deploy: commit sharing no history (force push)',
  'run: failed',
  'run: cancelled or skipped',
  'run: not completed',
  'run: re-run completed long after creation',
  'run: pull_request event',
  'run: other branch',
  'workflow: abcd.yml (no whole-word cd)',
  'deployment: inactive status',
  'deployment: failed',
  'deployment: success then failure',
  'deployment: environment the default does not match',
  'deployment: completed long after creation',
  'release: draft',
  'release: prerelease',
  'incident: closed',
  'incident: open',
  'incident: before any deployment',
  'incident: beyond the default incident window',
  'input: deployment-source (default)',
  'input: deployment-source auto',
  'input: deployment-source workflow',
  'input: deployment-source deployments',
  'input: deployment-source releases',
  'input: deployment-source merges',
  'input: workflows',
  'input: environment',
  'input: branch',
  'input: hotfix-labels',
  'input: incident-labels',
  'input: incident-window',
  'input: exclude-authors',
  'input: include-prereleases',
  'input: benchmark',
  'input: failure signal hotfix',
  'input: failure signal revert',
  'input: failure signal rollback',
  'input: failure signal incident',
  'input: failure signal failed-run',
  'input: until before now',
  'input: until as a date',
  'input: days other than the scale',
] as const;
