/**
 * An independent, deliberately naive second implementation ("oracle") of the metric definitions in
 * docs/metrics.md, reading datasets in the format of docs/dataset-format.md. It exists for differential tests
 * against the real action: it shares no code with src/ and was written from the documents alone.
 *
 * Style: whole-history, quadratic where convenient, no indexes beyond a memo of each commit's ancestor set.
 * Every rule is written next to the sentence of docs/metrics.md it implements.
 *
 * Choices where the document leaves room:
 * - "Known at end": a workflow run counts only when completed (updatedAt) before `until`; a deployment's
 *   statuses created at or after `until` are dropped before choosing its latest status; releases count when
 *   published before `until`, tags when their time is before `until`, merges / pull requests when merged
 *   before `until`, issues when opened before `until` (closed at or after it: still open).
 *   Commits are not filtered by date: git history is immutable and committer dates can be skewed. A commit
 *   only matters through a deployment (completed before `until`) that contains it, so a commit created after
 *   `until` cannot change any number.
 * - A commit that a pull request merged at any time contains is never a direct push: if that pull request was
 *   merged at or after `until`, the commit reached the production branch through that merge, i.e. after `until`,
 *   so it was no change yet at `until` (and the pull request itself is not merged yet at `until`). Except a
 *   commit a run or deployment of the production branch held before `until` (that commit or a descendant of
 *   it): it was on the branch already, and the later pull request merged back an older history (a force push
 *   rewrote the branch in between), which docs/metrics.md "Time" counts on the branch.
 * - Baseline: the latest earlier deployment whose commit shares history with the production branch
 *   (earlier deployments that do not share it are skipped over, not fatal).
 * - A deployment that ships a hotfix PR or a revert is rework even when no failed deployment can be named
 *   (as the document says explicitly for a revert shipped with what it reverts).
 * - A hotfix / revert / rollback never marks as failed the remediating deployment itself or a later one.
 * - A revert target that is identified (a merged PR, or a known commit) but was never shipped before the revert
 *   is no failure; the hotfix-like fallback applies only when no target is identified at all.
 * - Lead-time tier 2021 "< 6 months" uses 182 days, as the deployment-frequency row of that year does.
 * - An unattributed incident counts in the window where it was opened.
 * - Failed runs of one outage (same next successful deployment) count for recovery in the window of the first.
 * - With failed-run, changeFailureRate.deployments includes the failed runs ("both counts include the failed
 *   runs"); deploymentFrequency and reworkRate do not.
 */

export interface OracleInputs {
  days?: number | string;
  until: string;
  'deployment-source'?: string;
  workflows?: string;
  environment?: string;
  branch?: string;
  'failure-signals'?: string;
  'hotfix-labels'?: string;
  'incident-labels'?: string;
  'incident-window'?: number | string;
  'exclude-authors'?: string;
  'include-prereleases'?: boolean | string;
  'tag-pattern'?: string;
  benchmark?: number | string;
}

export type Tier = 'elite' | 'high' | 'medium' | 'low';
export type WindowName = 'current' | 'previous';
export type SourceName = 'workflow' | 'deployments' | 'releases' | 'tags' | 'merges';

export interface OracleWindow {
  source: string;
  deploymentFrequency: { deployments: number; perDay: number; perWeek: number; deploymentDays: number; tier: Tier | null };
  leadTime: {
    changes: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
    p95Seconds: number | null;
    meanSeconds: number | null;
    tier: Tier | null;
    excluded: number;
    skipped: number;
    unmeasured: number;
  };
  changeFailureRate: {
    deployments: number;
    failedDeployments: number;
    rate: number | null;
    tier: Tier | null;
    failedRuns: number;
    /** Only present when the `incident` signal is on. */
    unattributedIncidents?: number;
  };
  failedDeploymentRecoveryTime: {
    recoveries: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
    p95Seconds: number | null;
    meanSeconds: number | null;
    unrecovered: number;
    tier: Tier | null;
  };
  reworkRate: { deployments: number; reworkDeployments: number; rate: number | null };
  overallTier: Tier | null;
}

export interface OracleDeployment {
  id: number | string;
  sha: string;
  time: string;
  window: WindowName | null;
  baseline: number | string | null;
  failed: boolean;
  rework: boolean;
  /** Why it is rework: hotfix / revert / rollback. */
  reworkSignals: string[];
}

export interface OracleChange {
  kind: 'pr' | 'push';
  number: number | null;
  sha: string;
  author: string | null;
  start: string | null;
  end: string | null;
  leadSeconds: number | null;
  /** 'undeployed': no deployment before `until` contains it (it counts nowhere). */
  status: 'measured' | 'excluded' | 'skipped' | 'unmeasured' | 'undeployed';
  deployment: number | string | null;
  window: WindowName | null;
}

export interface OracleFailure {
  kind: 'deployment' | 'failed-run';
  /** The failed deployment's id, or the first failed run's id of an outage. */
  deployment: number | string;
  /** For an outage of failed runs: all its runs. */
  runs?: number[];
  window: WindowName | null;
  signals: string[];
  remediationTime: string | null;
  recoverySeconds: number | null;
}

export interface OracleResult {
  source: string;
  /** Why the source was chosen (auto) or that it was given. */
  sourceReason: string;
  metrics: OracleWindow;
  previous: OracleWindow;
  deployments: OracleDeployment[];
  changes: OracleChange[];
  failures: OracleFailure[];
  unattributedIncidents: number[];
}

/* ------------------------------------------------------------------------------------------------ */
/* Small helpers                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

const DAY = 86_400;
const ms = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`oracle: bad time ${iso}`);
  return t;
};
/** ISO 8601 UTC, without milliseconds when there are none (as the datasets write times). */
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const list = (s: string | undefined | null): string[] =>
  (s ?? '')
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
const lower = (s: unknown): string => String(s ?? '').toLowerCase();
const truthy = (v: unknown): boolean => v === true || lower(v) === 'true';

/** docs/metrics.md "Statistics": linear interpolation between closest ranks. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * q;
  const lo = Math.floor(h);
  if (lo === h) return x[lo]!;
  return x[lo]! + (h - lo) * (x[lo + 1]! - x[lo]!);
}
export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** `*` any characters, `?` exactly one; the whole name must match. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/* ------------------------------------------------------------------------------------------------ */
/* Tiers (docs/metrics.md "Performance tiers")                                                       */
/* ------------------------------------------------------------------------------------------------ */

const RANK: Record<Tier, number> = { elite: 3, high: 2, medium: 1, low: 0 };

/** Compared without floating point: "at least 1 per N days" is deployments * N >= days. */
function frequencyTier(deployments: number, days: number, year: string): Tier {
  const atLeastOnePer = (n: number): boolean => deployments * n >= days;
  if (year === '2022') return atLeastOnePer(1) ? 'high' : atLeastOnePer(30) ? 'medium' : 'low';
  if (year === '2021') return atLeastOnePer(1) ? 'elite' : atLeastOnePer(30) ? 'high' : atLeastOnePer(182) ? 'medium' : 'low';
  return atLeastOnePer(1) ? 'elite' : atLeastOnePer(7) ? 'high' : atLeastOnePer(30) ? 'medium' : 'low';
}
function leadTimeTier(median: number | null, year: string): Tier | null {
  if (median === null) return null;
  if (year === '2022') return median < 7 * DAY ? 'high' : median < 30 * DAY ? 'medium' : 'low';
  if (year === '2021') return median < 3600 ? 'elite' : median < 7 * DAY ? 'high' : median < 182 * DAY ? 'medium' : 'low';
  return median < DAY ? 'elite' : median < 7 * DAY ? 'high' : median < 30 * DAY ? 'medium' : 'low';
}
/** rate <= p% compared as failed * 100 <= p * denominator (integers, exact). */
function failureRateTier(failed: number, denominator: number, year: string): Tier | null {
  if (denominator === 0) return null;
  const atMost = (pct: number): boolean => failed * 100 <= pct * denominator;
  if (year === '2022') return atMost(15) ? 'high' : atMost(30) ? 'medium' : 'low';
  if (year === '2021') return atMost(15) ? 'elite' : atMost(20) ? 'high' : atMost(30) ? 'medium' : 'low';
  return atMost(5) ? 'elite' : atMost(10) ? 'high' : atMost(15) ? 'medium' : 'low';
}
function recoveryTier(median: number | null, year: string): Tier | null {
  if (median === null) return null;
  if (year === '2022') return median < DAY ? 'high' : median < 7 * DAY ? 'medium' : 'low';
  return median < 3600 ? 'elite' : median < DAY ? 'high' : median < 7 * DAY ? 'medium' : 'low';
}
function lowest(tiers: (Tier | null)[]): Tier | null {
  let out: Tier | null = null;
  for (const t of tiers) if (t !== null && (out === null || RANK[t] < RANK[out])) out = t;
  return out;
}

/* ------------------------------------------------------------------------------------------------ */
/* Commit graph                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

interface Commit {
  sha: string;
  parents: string[];
  message: string;
  author: string | null;
  authoredAt: string;
  committedAt: string;
  pullRequests?: number[];
}

class Graph {
  readonly commits = new Map<string, Commit>();
  private readonly memo = new Map<string, Set<string>>();
  constructor(commits: Commit[]) {
    for (const c of commits) this.commits.set(c.sha, c);
  }
  /** The commit and everything reachable through its parents (all parents, not first-parent). */
  ancestors(sha: string): Set<string> {
    let set = this.memo.get(sha);
    if (set) return set;
    set = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (set.has(s)) continue;
      set.add(s);
      const c = this.commits.get(s);
      if (c) for (const p of c.parents ?? []) if (!set.has(p)) stack.push(p);
    }
    this.memo.set(sha, set);
    return set;
  }
  /** `tip` contains `sha`: sha is tip or an ancestor of it. */
  contains(tip: string, sha: string): boolean {
    return this.ancestors(tip).has(sha);
  }
  /** A full SHA, or a prefix of 7+ hex digits that matches exactly one known commit. */
  resolve(ref: string): string | null {
    const r = ref.toLowerCase();
    if (this.commits.has(r)) return r;
    if (r.length < 7 || r.length >= 40) return null;
    let found: string | null = null;
    for (const sha of this.commits.keys()) {
      if (sha.toLowerCase().startsWith(r)) {
        if (found !== null) return null;
        found = sha;
      }
    }
    return found;
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Deployment sources (docs/metrics.md "Deployment")                                                 */
/* ------------------------------------------------------------------------------------------------ */

interface Dep {
  id: number | string;
  sha: string;
  t: number;
  /** tags are ordered by name on ties, everything else by numeric id */
  tieName?: string;
}

const byTimeThenId = (a: Dep, b: Dep): number => {
  if (a.t !== b.t) return a.t - b.t;
  if (a.tieName !== undefined && b.tieName !== undefined) return a.tieName < b.tieName ? -1 : a.tieName > b.tieName ? 1 : 0;
  return Number(a.id) - Number(b.id);
};

interface Ctx {
  ds: any;
  end: number;
  branch: string;
  in: OracleInputs;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group']);

function selectedWorkflowIds(ctx: Ctx): Set<number> {
  const wanted = list(ctx.in.workflows);
  const ids = new Set<number>();
  for (const w of ctx.ds.workflows ?? []) {
    const path = String(w.path ?? '');
    const file = path.split('/').pop() ?? '';
    if (wanted.length > 0) {
      // exact, case-sensitive file name (or the full path), or the workflow's id
      if (wanted.some((x) => x === file || x === path || x === String(w.id))) ids.add(Number(w.id));
    } else {
      // default heuristic: deploy / release / publish anywhere, or `cd` as a whole word, case-insensitively
      const f = file.toLowerCase();
      if (/deploy|release|publish/.test(f) || /(^|[^a-z0-9])cd([^a-z0-9]|$)/.test(f)) ids.add(Number(w.id));
    }
  }
  return ids;
}

/** Completed runs of the deploy workflows on the production branch, not PR-triggered, completed before end. */
function deployRuns(ctx: Ctx, conclusion: 'success' | 'failure'): Dep[] {
  const ids = selectedWorkflowIds(ctx);
  const byId = new Map<number, any>();
  for (const r of ctx.ds.workflowRuns ?? []) {
    // one count per run whatever its run_attempt: keep the latest attempt of a run id
    const prev = byId.get(Number(r.id));
    if (!prev || Number(r.runAttempt ?? 1) >= Number(prev.runAttempt ?? 1)) byId.set(Number(r.id), r);
  }
  const out: Dep[] = [];
  for (const r of byId.values()) {
    if (!ids.has(Number(r.workflowId))) continue;
    if (r.headBranch !== ctx.branch) continue;
    if (PR_EVENTS.has(r.event)) continue;
    if (r.status !== 'completed' || r.conclusion !== conclusion) continue;
    if (!r.updatedAt) continue;
    const t = ms(r.updatedAt); // completion time, not creation: a re-run completes long after it was created
    if (t >= ctx.end) continue; // not completed yet at end
    out.push({ id: Number(r.id), sha: r.headSha, t });
  }
  return out.sort(byTimeThenId);
}

/** The latest status known at end, inactive aside. */
function latestStatus(ctx: Ctx, d: any): { state: string; t: number } | null {
  const statuses = (d.statuses ?? [])
    .map((s: any, i: number) => ({ state: String(s.state), t: ms(s.createdAt), i }))
    .filter((s: { t: number }) => s.t < ctx.end)
    .filter((s: { state: string }) => s.state !== 'inactive')
    .sort((a: { t: number; i: number }, b: { t: number; i: number }) => a.t - b.t || a.i - b.i);
  return statuses.length > 0 ? statuses[statuses.length - 1] : null;
}

function environmentRegExp(ctx: Ctx): RegExp {
  return new RegExp(ctx.in.environment && ctx.in.environment !== '' ? ctx.in.environment : '^(production|prod|live)$', 'i');
}

function githubDeployments(ctx: Ctx): Dep[] {
  const env = environmentRegExp(ctx);
  const out: Dep[] = [];
  for (const d of ctx.ds.deployments ?? []) {
    if (!env.test(String(d.environment ?? ''))) continue;
    const s = latestStatus(ctx, d);
    if (s?.state !== 'success') continue;
    out.push({ id: Number(d.id), sha: d.sha, t: s.t });
  }
  return out.sort(byTimeThenId);
}

/** Successful deployments (as known at end) to environments that `environment` does not match. */
function unmatchedEnvironmentDeployments(ctx: Ctx): Dep[] {
  const env = environmentRegExp(ctx);
  const out: Dep[] = [];
  for (const d of ctx.ds.deployments ?? []) {
    if (env.test(String(d.environment ?? ''))) continue;
    const s = latestStatus(ctx, d);
    if (s && s.state === 'success') out.push({ id: Number(d.id), sha: d.sha, t: s.t });
  }
  return out;
}

function tagSha(ctx: Ctx, name: string): string | null {
  for (const tag of ctx.ds.tags ?? []) if (tag.name === name) return tag.sha;
  return null;
}

function releases(ctx: Ctx): Dep[] {
  const pre = truthy(ctx.in['include-prereleases']);
  const out: Dep[] = [];
  for (const r of ctx.ds.releases ?? []) {
    if (r.draft || !r.publishedAt) continue;
    if (r.prerelease && !pre) continue;
    const t = ms(r.publishedAt);
    if (t >= ctx.end) continue;
    // the commit its tag points to (a listed tag wins; else the release's target, a sha or a branch name)
    let sha: string | null = tagSha(ctx, r.tagName);
    if (!sha) sha = ctx.ds.branches?.[r.targetSha] ?? r.targetSha;
    if (!sha) continue;
    out.push({ id: Number(r.id), sha, t });
  }
  return out.sort(byTimeThenId);
}

function tags(ctx: Ctx, graph: Graph): Dep[] {
  const pattern = globToRegExp(ctx.in['tag-pattern'] && ctx.in['tag-pattern'] !== '' ? ctx.in['tag-pattern'] : 'v*');
  const out: Dep[] = [];
  for (const tag of ctx.ds.tags ?? []) {
    if (!pattern.test(String(tag.name))) continue;
    let when: string | undefined;
    if (tag.annotated) when = tag.taggerDate;
    else when = graph.commits.get(tag.sha)?.committedAt;
    if (!when) continue;
    const t = ms(when);
    if (t >= ctx.end) continue;
    out.push({ id: String(tag.name), sha: tag.sha, t, tieName: String(tag.name) });
  }
  return out.sort(byTimeThenId);
}

function merges(ctx: Ctx): Dep[] {
  const out: Dep[] = [];
  for (const p of ctx.ds.pullRequests ?? []) {
    if (!p.mergedAt || !p.mergeCommitSha || p.baseRef !== ctx.branch) continue;
    const t = ms(p.mergedAt);
    if (t >= ctx.end) continue;
    out.push({ id: Number(p.number), sha: p.mergeCommitSha, t });
  }
  return out.sort(byTimeThenId);
}

function sourceDeployments(ctx: Ctx, graph: Graph, source: SourceName): Dep[] {
  switch (source) {
    case 'workflow':
      return deployRuns(ctx, 'success');
    case 'deployments':
      return githubDeployments(ctx);
    case 'releases':
      return releases(ctx);
    case 'tags':
      return tags(ctx, graph);
    case 'merges':
      return merges(ctx);
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* The oracle                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

interface FailureAcc {
  signals: Set<string>;
  /** remediation times (ms) known before end; empty: unrecovered */
  remediations: number[];
}

/** An input the definitions call an error: the action must stop with a clear message naming `input`. */
export class OracleInputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

export function oracle(dataset: any, inputs: OracleInputs): OracleResult {
  const days = inputs.days === undefined || inputs.days === '' ? 30 : Number(inputs.days);
  const end = ms(inputs.until);
  const span = days * DAY * 1000;
  const curStart = end - span;
  const prevStart = end - 2 * span;
  const windowOf = (t: number): WindowName | null =>
    t >= curStart && t < end ? 'current' : t >= prevStart && t < curStart ? 'previous' : null;
  const year = String(inputs.benchmark ?? '2023') || '2023';
  if (!['2021', '2022', '2023'].includes(year)) throw new Error(`oracle: unsupported benchmark ${year}`);
  if (!(days > 0)) throw new Error(`oracle: bad days ${String(inputs.days)}`);
  const branch = inputs.branch && inputs.branch !== '' ? inputs.branch : (dataset.repository?.defaultBranch ?? 'main');
  const ctx: Ctx = { ds: dataset, end, branch, in: inputs };
  // when the workflow source is read, a `workflows` entry naming none of the repository's workflows is an input
  // error, never a silent zero
  const checkWorkflowNames = (): void => {
    for (const x of list(inputs.workflows)) {
      const known = (dataset.workflows ?? []).some(
        (w: any) => x === String(w.id) || x === String(w.path) || x === String(w.path).split('/').pop(),
      );
      if (!known) throw new OracleInputError('workflows', `workflows names ${x}, which the repository does not have`);
    }
  };
  const graph = new Graph((dataset.commits ?? []) as Commit[]);
  const head: string | undefined = dataset.branches?.[branch];
  const onBranch: Set<string> = head ? graph.ancestors(head) : new Set();

  /* ---- source ---- */
  const requested = lower(inputs['deployment-source'] ?? 'auto') || 'auto';
  const inEitherWindow = (ds: Dep[]): boolean => ds.some((d) => windowOf(d.t) !== null);
  let source: SourceName;
  let sourceReason: string;
  if (requested === 'auto') {
    const order: SourceName[] = ['deployments', 'workflow', 'releases', 'tags', 'merges'];
    source = 'merges';
    sourceReason = 'no other source has a deployment in the current or previous window';
    for (const s of order) {
      if (s === 'workflow') checkWorkflowNames();
      if (inEitherWindow(sourceDeployments(ctx, graph, s))) {
        source = s;
        sourceReason = `first of deployments, workflow, releases, tags, merges with a deployment in the current or previous window`;
        break;
      }
    }
  } else {
    if (!['workflow', 'deployments', 'releases', 'tags', 'merges'].includes(requested)) {
      throw new Error(`oracle: unknown deployment-source ${requested}`);
    }
    source = requested as SourceName;
    sourceReason = 'given';
    if (source === 'workflow') checkWorkflowNames();
  }
  const deps = sourceDeployments(ctx, graph, source); // everything before end, whole history, in order
  const index = new Map<Dep, number>(deps.map((d, i) => [d, i]));

  /* ---- baselines ---- */
  // An earlier deployment is a baseline only if its commit or one of its ancestors is on the branch.
  const sharesHistory = (d: Dep): boolean => {
    for (const a of graph.ancestors(d.sha)) if (onBranch.has(a)) return true;
    return false;
  };
  const baseline: (Dep | null)[] = deps.map((_, i) => {
    for (let j = i - 1; j >= 0; j--) if (sharesHistory(deps[j]!)) return deps[j]!;
    return null;
  });

  /** The first deployment, in time order, whose commit contains `sha`. */
  const firstDeploymentOf = (sha: string): Dep | null => {
    for (const d of deps) if (graph.contains(d.sha, sha)) return d;
    return null;
  };
  /** The last deployment completed at or before `t`. */
  const lastAtOrBefore = (t: number): Dep | null => {
    let found: Dep | null = null;
    for (const d of deps) if (d.t <= t) found = d;
    return found;
  };

  /* ---- pull requests known at end ---- */
  const prs: any[] = dataset.pullRequests ?? [];
  const mergedByEnd = prs.filter((p) => p.mergedAt && ms(p.mergedAt) < end && p.mergeCommitSha);
  // the commits GitHub associates with a PR beyond its own (the copies a rebase merge makes)
  const copies = new Map<number, string[]>();
  for (const c of graph.commits.values()) {
    for (const n of c.pullRequests ?? []) copies.set(Number(n), [...(copies.get(Number(n)) ?? []), c.sha]);
  }
  const ownAndCopies = (p: any): string[] => [...(p.commits ?? []), ...(copies.get(Number(p.number)) ?? [])];

  /* ---- changes (docs/metrics.md "Lead time for changes") ---- */
  const excludeAuthors = new Set(list(inputs['exclude-authors']).map(lower));
  interface Ch {
    kind: 'pr' | 'push';
    number: number | null;
    sha: string;
    author: string | null;
    start: number | null;
  }
  const changes: Ch[] = [];
  for (const p of mergedByEnd) {
    if (!onBranch.has(p.mergeCommitSha)) continue; // merge commit reachable from the branch head
    const authored = ownAndCopies(p)
      .map((s) => graph.commits.get(s))
      .filter((c): c is Commit => c !== undefined)
      .map((c) => ms(c.authoredAt));
    let start: number | null = authored.length > 0 ? Math.min(...authored) : null;
    if (start === null) {
      const mc = graph.commits.get(p.mergeCommitSha);
      start = mc ? ms(mc.authoredAt) : null;
    }
    changes.push({ kind: 'pr', number: Number(p.number), sha: p.mergeCommitSha, author: p.author ?? null, start });
  }
  // Direct pushes: commits on the branch that no merged pull request contains (see the header for "merged").
  const containedByPr = new Set<string>();
  // Commits the production branch held before `until`, as its runs and deployments show.
  const heldBefore = new Set<string>();
  for (const r of dataset.workflowRuns ?? []) {
    if (r.headBranch === branch && ms(r.updatedAt) < end) for (const a of graph.ancestors(r.headSha)) heldBefore.add(a);
  }
  for (const d of dataset.deployments ?? []) {
    if (d.ref === branch && (d.statuses ?? []).some((s: any) => s.state === 'success' && ms(s.createdAt) < end)) {
      for (const a of graph.ancestors(d.sha)) heldBefore.add(a);
    }
  }
  for (const p of prs) {
    if (!p.mergedAt) continue;
    const mergedBefore = ms(p.mergedAt) < end;
    for (const s of ownAndCopies(p)) if (mergedBefore || !heldBefore.has(s)) containedByPr.add(s);
    if (p.mergeCommitSha) containedByPr.add(p.mergeCommitSha);
  }
  for (const sha of onBranch) {
    if (containedByPr.has(sha)) continue;
    const c = graph.commits.get(sha);
    if (!c) continue;
    changes.push({ kind: 'push', number: null, sha, author: c.author ?? null, start: ms(c.authoredAt) });
  }

  const changeRows: OracleChange[] = changes.map((c) => {
    const d = firstDeploymentOf(c.sha);
    const base = {
      kind: c.kind,
      number: c.number,
      sha: c.sha,
      author: c.author,
      start: c.start === null ? null : iso(c.start),
    };
    if (!d) return { ...base, end: null, leadSeconds: null, status: 'undeployed', deployment: null, window: null };
    const lead = c.start === null ? null : (d.t - c.start) / 1000;
    let status: OracleChange['status'];
    if (baseline[index.get(d)!] === null) status = 'unmeasured';
    else if (excludeAuthors.has(lower(c.author))) status = 'excluded';
    else if (lead === null || lead < 0) status = 'skipped';
    else status = 'measured';
    return { ...base, end: iso(d.t), leadSeconds: lead, status, deployment: d.id, window: windowOf(d.t) };
  });

  /* ---- failures (docs/metrics.md "Change failure rate and failures") ---- */
  const signals = new Set(list(inputs['failure-signals'] ?? 'hotfix,revert,rollback').map(lower));
  const failures = new Map<Dep, FailureAcc>();
  const rework = new Map<Dep, Set<string>>();
  const markRework = (d: Dep, why: string): void => {
    if (!rework.has(d)) rework.set(d, new Set());
    rework.get(d)!.add(why);
  };
  const fail = (d: Dep, signal: string, remediation: number | null): void => {
    if (!failures.has(d)) failures.set(d, { signals: new Set(), remediations: [] });
    const f = failures.get(d)!;
    f.signals.add(signal);
    if (remediation !== null && remediation < end) f.remediations.push(remediation);
  };
  /** A remediating deployment `r` marks `f` failed only when f comes before r. */
  const failBefore = (f: Dep | null, r: Dep, signal: string): void => {
    if (f && index.get(f)! < index.get(r)!) fail(f, signal, r.t);
  };

  if (signals.has('hotfix')) {
    const labels = new Set(list(inputs['hotfix-labels'] ?? 'hotfix').map(lower));
    for (const p of mergedByEnd) {
      if (!(p.labels ?? []).some((l: string) => labels.has(lower(l)))) continue;
      const r = firstDeploymentOf(p.mergeCommitSha);
      if (!r) continue;
      markRework(r, 'hotfix');
      failBefore(lastAtOrBefore(ms(p.createdAt)), r, 'hotfix');
    }
  }

  if (signals.has('revert')) {
    const REVERTS = /This reverts commit ([0-9a-fA-F]{7,40})/g;
    const namedCommits = (shas: string[]): string[] => {
      const out: string[] = [];
      for (const s of shas) {
        const c = graph.commits.get(s);
        if (!c) continue;
        for (const m of String(c.message ?? '').matchAll(REVERTS)) {
          const t = graph.resolve(m[1]!);
          if (t) out.push(t);
        }
      }
      return out;
    };
    const hasRevertMessage = (shas: string[]): boolean =>
      shas.some((s) => /This reverts commit [0-9a-fA-F]{7,40}/.test(String(graph.commits.get(s)?.message ?? '')));
    /**
     * docs/metrics.md "Reverts": a reverted commit squashed or rebased away (a pull request's own
     * commit, absent from every deployment) was shipped when the pull request containing it was: the
     * first deployment of that pull request's merge commit.
     */
    const firstShipmentOfTarget = (sha: string): Dep | null => {
      const direct = firstDeploymentOf(sha);
      if (direct) return direct;
      let best: Dep | null = null;
      for (const p of mergedByEnd) {
        if (!ownAndCopies(p).includes(sha)) continue;
        const d = firstDeploymentOf(p.mergeCommitSha);
        if (d && (!best || index.get(d)! < index.get(best)!)) best = d;
      }
      return best;
    };
    interface RevertUnit {
      sha: string; // what must be shipped
      opened: number; // "PR opened" for the hotfix-like fallback
      targets: string[]; // shas whose first deployment failed
      /** Every target it names is one of its own commits: "a revert of a commit shipped with it", no failure. */
      ownOnly?: boolean;
    }
    const units: RevertUnit[] = [];
    const inRevertPr = new Set<string>();
    for (const p of mergedByEnd) {
      const mine = [...ownAndCopies(p), p.mergeCommitSha];
      const headMatch = /^revert-(\d+)-/.exec(String(p.headRef ?? ''));
      const isRevert = String(p.title ?? '').startsWith('Revert "') || headMatch !== null || hasRevertMessage(mine);
      if (!isRevert) continue;
      for (const s of mine) inRevertPr.add(s);
      // docs/metrics.md "A revert of a commit shipped with it": a target among its own commits fails nothing
      const own = new Set(ownAndCopies(p));
      const named = namedCommits(mine);
      const targets = named.filter((t) => !own.has(t));
      if (headMatch) {
        const n = Number(headMatch[1]);
        const target = mergedByEnd.find((q) => Number(q.number) === n);
        if (target) targets.push(target.mergeCommitSha);
      }
      units.push({ sha: p.mergeCommitSha, opened: ms(p.createdAt), targets, ownOnly: named.length > 0 && targets.length === 0 });
    }
    // a revert pushed without a PR: a commit with the message that no merged PR contains
    for (const c of graph.commits.values()) {
      if (containedByPr.has(c.sha) || inRevertPr.has(c.sha)) continue;
      if (!hasRevertMessage([c.sha])) continue;
      units.push({ sha: c.sha, opened: ms(c.authoredAt), targets: namedCommits([c.sha]) });
    }
    for (const u of units) {
      const r = firstDeploymentOf(u.sha);
      if (!r) continue;
      markRework(r, 'revert'); // still rework when shipped with what it reverts
      if (u.ownOnly) continue;
      if (u.targets.length > 0) {
        for (const t of u.targets) failBefore(firstShipmentOfTarget(t), r, 'revert');
      } else {
        failBefore(lastAtOrBefore(u.opened), r, 'revert');
      }
    }
  }

  if (signals.has('rollback')) {
    for (let i = 1; i < deps.length; i++) {
      const prev = deps[i - 1]!;
      const d = deps[i]!;
      if (d.sha !== prev.sha && graph.contains(prev.sha, d.sha)) {
        markRework(d, 'rollback');
        fail(prev, 'rollback', d.t);
      }
    }
  }

  const unattributed: { number: number; t: number }[] = [];
  if (signals.has('incident')) {
    const labels = new Set(list(inputs['incident-labels'] ?? 'incident').map(lower));
    const hours = inputs['incident-window'] === undefined || inputs['incident-window'] === '' ? 72 : Number(inputs['incident-window']);
    for (const issue of dataset.issues ?? []) {
      if (!(issue.labels ?? []).some((l: string) => labels.has(lower(l)))) continue;
      const opened = ms(issue.createdAt);
      if (opened >= end) continue;
      const f = lastAtOrBefore(opened);
      if (f && opened - f.t <= hours * 3600 * 1000) {
        fail(f, 'incident', issue.closedAt ? ms(issue.closedAt) : null);
      } else {
        unattributed.push({ number: Number(issue.number), t: opened });
      }
    }
  }

  // failed-run: workflow source only
  const failedRuns: Dep[] = signals.has('failed-run') && source === 'workflow' ? deployRuns(ctx, 'failure') : [];
  interface Outage {
    runs: Dep[];
    next: Dep | null;
  }
  const outages: Outage[] = [];
  for (const run of failedRuns) {
    const next = deps.find((d) => d.t > run.t) ?? null; // first successful deployment strictly after
    const same = outages.find((o) => o.next === next);
    if (same) same.runs.push(run);
    else outages.push({ runs: [run], next });
  }

  /* ---- rows ---- */
  const deploymentRows: OracleDeployment[] = deps.map((d, i) => ({
    id: d.id,
    sha: d.sha,
    time: iso(d.t),
    window: windowOf(d.t),
    baseline: baseline[i]?.id ?? null,
    failed: failures.has(d),
    rework: rework.has(d),
    reworkSignals: [...(rework.get(d) ?? [])].sort(),
  }));
  const failureRows: OracleFailure[] = [];
  for (const d of deps) {
    const f = failures.get(d);
    if (!f) continue;
    const rem = f.remediations.length > 0 ? Math.min(...f.remediations) : null;
    failureRows.push({
      kind: 'deployment',
      deployment: d.id,
      window: windowOf(d.t),
      signals: [...f.signals].sort(),
      remediationTime: rem === null ? null : iso(rem),
      recoverySeconds: rem === null ? null : (rem - d.t) / 1000,
    });
  }
  for (const o of outages) {
    const first = o.runs[0]!;
    failureRows.push({
      kind: 'failed-run',
      deployment: first.id,
      runs: o.runs.map((r) => Number(r.id)),
      window: windowOf(first.t),
      signals: ['failed-run'],
      remediationTime: o.next ? iso(o.next.t) : null,
      recoverySeconds: o.next ? (o.next.t - first.t) / 1000 : null,
    });
  }

  /* ---- configuration likely wrong: deployment frequency gets no tier ---- */
  let frequencyUntiered = false;
  if (!inEitherWindow(deps)) {
    const others = (['deployments', 'workflow', 'releases', 'tags'] as SourceName[]).filter((s) => s !== source);
    if (others.some((s) => inEitherWindow(sourceDeployments(ctx, graph, s)))) frequencyUntiered = true;
    if (source === 'deployments' && inEitherWindow(unmatchedEnvironmentDeployments(ctx))) frequencyUntiered = true;
  }

  const windowMetrics = (w: WindowName): OracleWindow => {
    const inW = deps.filter((d) => windowOf(d.t) === w);
    const n = inW.length;
    const deploymentDays = new Set(inW.map((d) => iso(d.t).slice(0, 10))).size;
    const dfTier = frequencyUntiered ? null : frequencyTier(n, days, year);

    const rows = changeRows.filter((c) => c.window === w);
    const leads = rows.filter((c) => c.status === 'measured').map((c) => c.leadSeconds!);
    const ltMedian = quantile(leads, 0.5);

    const failedHere = inW.filter((d) => failures.has(d));
    const runsHere = failedRuns.filter((r) => windowOf(r.t) === w).length;
    const cfrDen = n + runsHere;
    const cfrNum = failedHere.length + runsHere;

    const recoveries: number[] = [];
    let unrecovered = 0;
    for (const row of failureRows) {
      if (row.window !== w) continue;
      if (row.recoverySeconds === null) unrecovered++;
      else recoveries.push(row.recoverySeconds);
    }
    const recMedian = quantile(recoveries, 0.5);
    const reworkN = inW.filter((d) => rework.has(d)).length;

    const cfr: OracleWindow['changeFailureRate'] = {
      deployments: cfrDen,
      failedDeployments: cfrNum,
      rate: cfrDen === 0 ? null : cfrNum / cfrDen,
      tier: failureRateTier(cfrNum, cfrDen, year),
      failedRuns: runsHere,
    };
    if (signals.has('incident')) cfr.unattributedIncidents = unattributed.filter((u) => windowOf(u.t) === w).length;

    const out: OracleWindow = {
      source,
      deploymentFrequency: { deployments: n, perDay: n / days, perWeek: n / (days / 7), deploymentDays, tier: dfTier },
      leadTime: {
        changes: leads.length,
        medianSeconds: ltMedian,
        p90Seconds: quantile(leads, 0.9),
        p95Seconds: quantile(leads, 0.95),
        meanSeconds: mean(leads),
        tier: leadTimeTier(ltMedian, year),
        excluded: rows.filter((c) => c.status === 'excluded').length,
        skipped: rows.filter((c) => c.status === 'skipped').length,
        unmeasured: rows.filter((c) => c.status === 'unmeasured').length,
      },
      changeFailureRate: cfr,
      failedDeploymentRecoveryTime: {
        recoveries: recoveries.length,
        medianSeconds: recMedian,
        p90Seconds: quantile(recoveries, 0.9),
        p95Seconds: quantile(recoveries, 0.95),
        meanSeconds: mean(recoveries),
        unrecovered,
        tier: recoveryTier(recMedian, year),
      },
      reworkRate: { deployments: n, reworkDeployments: reworkN, rate: n === 0 ? null : reworkN / n },
      overallTier: null,
    };
    out.overallTier = lowest([
      out.deploymentFrequency.tier,
      out.leadTime.tier,
      out.changeFailureRate.tier,
      out.failedDeploymentRecoveryTime.tier,
    ]);
    return out;
  };

  return {
    source,
    sourceReason,
    metrics: windowMetrics('current'),
    previous: windowMetrics('previous'),
    deployments: deploymentRows,
    changes: changeRows,
    failures: failureRows,
    unattributedIncidents: unattributed.map((u) => u.number),
  };
}
