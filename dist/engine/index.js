/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  fV: () => (/* reexport */ AUTO_SOURCE_ORDER),
  D5: () => (/* reexport */ BENCHMARK_YEARS),
  sO: () => (/* reexport */ DAY_MS),
  RE: () => (/* reexport */ DEFAULT_ENVIRONMENT_PATTERN),
  VT: () => (/* reexport */ DEPLOYMENT_SOURCES),
  nw: () => (/* reexport */ FAILURE_SIGNALS),
  iQ: () => (/* reexport */ HOUR_MS),
  iB: () => (/* reexport */ TIERS),
  ni: () => (/* reexport */ TIER_TABLES),
  Pm: () => (/* reexport */ changeFailureRateTier),
  LV: () => (/* reexport */ chooseSource),
  UD: () => (/* reexport */ compare),
  cb: () => (/* reexport */ compareDeployments),
  pH: () => (/* binding */ computeMetrics),
  Yh: () => (/* reexport */ deploymentFrequencyTier),
  sR: () => (/* reexport */ deploymentsFromGitHubDeployments),
  m9: () => (/* reexport */ deploymentsFromMerges),
  lm: () => (/* reexport */ deploymentsFromReleases),
  _k: () => (/* reexport */ deploymentsFromWorkflowRuns),
  kR: () => (/* reexport */ durationStats),
  Zt: () => (/* reexport */ inDeploymentOrder),
  jh: () => (/* reexport */ isDeployWorkflowFile),
  h$: () => (/* reexport */ isInRange),
  AC: () => (/* reexport */ leadTimeTier),
  i2: () => (/* reexport */ mean),
  JZ: () => (/* reexport */ median),
  sG: () => (/* reexport */ outcomeOf),
  wi: () => (/* reexport */ overallTier),
  mz: () => (/* reexport */ p90),
  f3: () => (/* reexport */ p95),
  YV: () => (/* reexport */ quantile),
  XI: () => (/* reexport */ recoveryTimeTier),
  qW: () => (/* reexport */ reportWindows),
  Ou: () => (/* reexport */ windowOf),
  TC: () => (/* reexport */ withheldMetrics)
});

;// CONCATENATED MODULE: ./src/dora/units.ts
/**
 * The project's one time-unit convention: instants and spans in milliseconds end in `_MS` (epoch
 * ms, as `Date` has them); durations reported in seconds end in `_S` (the JSON report's unit).
 */
const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_S = 60;
const HOUR_S = 60 * MINUTE_S;
const DAY_S = 24 * HOUR_S;
const WEEK_S = 7 * DAY_S;

;// CONCATENATED MODULE: ./src/dora/window.ts


function reportWindows(end, days) {
    const length = days * DAY_MS;
    return {
        current: { start: end - length, end },
        previous: { start: end - 2 * length, end: end - length },
    };
}
/** `start <= t < end` (docs/metrics.md "Time"). */
function isInRange(t, range) {
    return range.start <= t && t < range.end;
}
/** The window an instant belongs to, or null when it is in neither. */
function windowOf(t, windows) {
    if (isInRange(t, windows.current))
        return 'current';
    if (isInRange(t, windows.previous))
        return 'previous';
    return null;
}
/** The UTC calendar date of an instant, `YYYY-MM-DD` (deployment days are UTC dates). */
function utcDate(t) {
    return new Date(t).toISOString().slice(0, 10);
}

;// CONCATENATED MODULE: ./src/dora/deployments.ts

/** Runs of these events test code that is not on the production branch yet: never a deployment. */
const NON_DEPLOYING_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group']);
/** The order `auto` tries the sources in (docs/metrics.md "Deployment", `auto`). */
const AUTO_SOURCE_ORDER = ['deployments', 'workflow', 'releases', 'merges'];
/** The default `environment` pattern: production under its usual names, case-insensitively. */
const DEFAULT_ENVIRONMENT_PATTERN = /^(production|prod|live)$/i;
/**
 * Ids order deployments that complete at the same instant (docs/metrics.md "Deployment", order and ties).
 * GitHub ids are numbers carried as strings, so numeric ids compare as numbers.
 */
function compareIds(a, b) {
    const numeric = /^\d+$/;
    if (numeric.test(a) && numeric.test(b)) {
        const x = a.replace(/^0+(?=\d)/, '');
        const y = b.replace(/^0+(?=\d)/, '');
        if (x.length !== y.length)
            return x.length - y.length;
    }
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Time order, ties by id. */
function compareDeployments(a, b) {
    return a.time - b.time || compareIds(a.id, b.id);
}
/** A copy sorted in time order, ties by id. */
function inDeploymentOrder(items) {
    return [...items].sort(compareDeployments);
}
/**
 * Deploy workflows when none are listed: the file name contains `deploy`, `release` or `publish`
 * (case-insensitively), or has `cd` as a whole word. Words are split on anything but letters and
 * digits, so `ci-cd.yaml` and `cd_prod.yml` qualify and `abcd.yml` does not.
 */
function isDeployWorkflowFile(pathOrName) {
    const name = (pathOrName.split('/').pop() ?? '').toLowerCase();
    if (/deploy|release|publish/.test(name))
        return true;
    return name.split(/[^a-z0-9]+/).includes('cd');
}
/**
 * Workflow source. The runs are those of the deploy workflows already; a run (one id) counts once
 * whatever its `run_attempt`, with its latest attempt's data, since re-running a job does not
 * deploy twice. Only completed runs on the production branch count, and never runs that test a
 * pull request or a merge queue entry.
 */
function deploymentsFromWorkflowRuns(runs, opts) {
    const latestAttempt = new Map();
    for (const run of runs) {
        const known = latestAttempt.get(run.id);
        if (known === undefined ||
            run.runAttempt > known.runAttempt ||
            (run.runAttempt === known.runAttempt && run.updatedAt > known.updatedAt)) {
            latestAttempt.set(run.id, run);
        }
    }
    const deployments = [];
    const failedRuns = [];
    for (const run of latestAttempt.values()) {
        if (run.headBranch !== opts.branch || NON_DEPLOYING_EVENTS.has(run.event) || run.status !== 'completed')
            continue;
        const record = {
            id: String(run.id),
            // updated_at is the completion time of a completed run.
            time: run.updatedAt,
            sha: run.headSha,
            label: `${run.workflowName} #${run.runNumber}`,
            ...(run.url === undefined ? {} : { url: run.url }),
        };
        // Cancelled and skipped runs neither deployed nor failed (docs/metrics.md "Change failure rate and failures", `failed-run`).
        if (run.conclusion === 'success')
            deployments.push(record);
        else if (run.conclusion === 'failure')
            failedRuns.push(record);
    }
    return { deployments: inDeploymentOrder(deployments), failedRuns: inDeploymentOrder(failedRuns) };
}
/**
 * Deployments source: the environment matches, and the latest status is `success`. `inactive` is
 * left aside because GitHub sets it on a deployment that a newer one superseded, which says nothing
 * about whether it succeeded. The deployment completed when that success status was created.
 */
function deploymentsFromGitHubDeployments(records, environment, options = {}) {
    const end = options.end ?? Number.POSITIVE_INFINITY;
    // A global or sticky pattern keeps state between test() calls; match with a stateless copy.
    const matcher = new RegExp(environment.source, environment.flags.replace(/[gy]/g, ''));
    const deployments = [];
    for (const record of records) {
        if (!matcher.test(record.environment))
            continue;
        // A status posted at or after `end` was not known then (docs/metrics.md "Time").
        const statuses = record.statuses.filter((status) => status.createdAt < end).sort((a, b) => a.createdAt - b.createdAt);
        const latest = statuses.filter((status) => status.state !== 'inactive').pop();
        if (latest?.state !== 'success')
            continue;
        deployments.push({
            id: String(record.databaseId ?? record.id),
            time: latest.createdAt,
            sha: record.sha,
            label: `${record.environment} ${record.sha.slice(0, 7)}`,
            ...(record.url === undefined ? {} : { url: record.url }),
        });
    }
    return inDeploymentOrder(deployments);
}
/** Releases source: published, not drafts, prereleases only when asked; at the tag's commit. */
function deploymentsFromReleases(records, includePrereleases) {
    const deployments = [];
    for (const record of records) {
        if (record.draft || record.publishedAt === null || record.sha === null)
            continue;
        if (record.prerelease && !includePrereleases)
            continue;
        deployments.push({
            id: String(record.id),
            time: record.publishedAt,
            sha: record.sha,
            label: record.name?.trim() || record.tagName,
            ...(record.url === undefined ? {} : { url: record.url }),
        });
    }
    return inDeploymentOrder(deployments);
}
/** Merges source: each pull request merged into the production branch stands for a deployment (a proxy). */
function deploymentsFromMerges(prs) {
    return inDeploymentOrder(prs.map((pr) => ({
        id: String(pr.number),
        time: pr.mergedAt,
        sha: pr.mergeCommitSha,
        label: `#${pr.number} ${pr.title}`,
        ...(pr.url === undefined ? {} : { url: pr.url }),
    })));
}
const SOURCE_WORDS = {
    deployments: 'GitHub deployments',
    workflow: 'successful deploy workflow runs',
    releases: 'published releases',
    merges: 'merged pull requests',
};
/**
 * `auto`: the first of deployments, workflow, releases, merges that has at least one deployment in
 * the current or previous window; merges when none has. Returns the source and why, in words.
 */
function chooseSource(candidates, end, days) {
    const since = end - 2 * days * DAY_MS;
    const span = `the last ${2 * days} days (current and previous window)`;
    const empty = [];
    for (const source of AUTO_SOURCE_ORDER) {
        const candidate = candidates.find((c) => c.source === source);
        if (candidate === undefined)
            continue;
        const found = candidate.deployments.filter((d) => since <= d.time && d.time < end).length;
        if (found > 0) {
            const none = empty.length > 0 ? `; none from ${empty.join(', ')}` : '';
            return { source, reason: `${found} ${SOURCE_WORDS[source]} in ${span}${none}` };
        }
        empty.push(SOURCE_WORDS[source]);
    }
    const searched = empty.length > 0 ? `no ${empty.join(', no ')} in ${span}` : 'no source was searched';
    return { source: 'merges', reason: `${searched}: merged pull requests stand for deployments` };
}

;// CONCATENATED MODULE: ./src/dora/history.ts
/**
 * What the engine knows at `end`, indexed once: deployments in order, the production branch's
 * commit graph, which pull request contains which commit, and which deployment first shipped each
 * commit. Lead time, failures and rollbacks all read these facts (docs/metrics.md "Deployment",
 * "Lead time for changes", "Change failure rate and failures").
 */

function buildHistory(input) {
    const deployments = inDeploymentOrder(input.deployments.filter((d) => d.time < input.end));
    const commits = new Map(input.commits.map((c) => [c.sha, c]));
    const graph = new Map(commits);
    for (const c of input.otherCommits ?? [])
        if (!graph.has(c.sha))
            graph.set(c.sha, c);
    const pullRequests = new Map(input.pullRequests.map((pr) => [pr.number, pr]));
    const containing = new Map();
    const claim = (sha, number) => {
        const list = containing.get(sha);
        if (list === undefined)
            containing.set(sha, [number]);
        else if (!list.includes(number))
            list.push(number);
    };
    for (const pr of pullRequests.values()) {
        claim(pr.mergeCommitSha, pr.number);
        for (const commit of pr.commits)
            claim(commit.sha, pr.number);
    }
    const associated = new Map();
    for (const commit of commits.values()) {
        for (const number of commit.pullRequests) {
            // Only merged pull requests whose merge commit reached the production branch contain commits (docs/metrics.md "Lead time for changes").
            if (!pullRequests.has(number))
                continue;
            claim(commit.sha, number);
            const list = associated.get(number);
            if (list === undefined)
                associated.set(number, [commit]);
            else
                list.push(commit);
        }
    }
    const outside = {
        onBranch: new Set(input.outside?.onBranch ?? []),
        properAncestors: new Set((input.outside?.properAncestors ?? []).map(([a, d]) => `${a}>${d}`)),
        revertRefs: new Map(Object.entries(input.outside?.revertRefs ?? {}).map(([ref, sha]) => [ref.toLowerCase(), sha])),
        mergedPullRequests: new Set(input.outside?.mergedPullRequests ?? []),
    };
    const shares = sharesHistoryWith(commits, graph, outside.onBranch);
    const baselines = [];
    let latestSharing = -1;
    deployments.forEach((deployment, index) => {
        baselines.push(latestSharing);
        if (shares(deployment.sha))
            latestSharing = index;
    });
    return {
        end: input.end,
        deployments,
        commits,
        graph,
        pullRequests,
        firstShipment: withKnownAncestors(shipCommits(deployments, graph), input.outside?.properAncestors ?? []),
        containingPullRequests: containing,
        associatedCommits: associated,
        baselines,
        outside,
    };
}
/**
 * Whether a commit shares history with the production branch: it, or one of its ancestors, is on
 * the branch (a branch commit read, or one known to be older than the history read). A commit the
 * graph does not hold and no fact places on the branch shares nothing provable.
 */
function sharesHistoryWith(branch, graph, onBranch) {
    const known = new Map();
    return (sha) => {
        const cached = known.get(sha);
        if (cached !== undefined)
            return cached;
        const seen = new Set([sha]);
        const stack = [sha];
        let found = false;
        while (stack.length > 0 && !found) {
            const current = stack.pop();
            if (branch.has(current) || onBranch.has(current) || known.get(current) === true) {
                found = true;
                break;
            }
            for (const parent of graph.get(current)?.parents ?? []) {
                if (seen.has(parent))
                    continue;
                seen.add(parent);
                stack.push(parent);
            }
        }
        known.set(sha, found);
        return found;
    };
}
/**
 * The first deployment, in time order, whose commit contains each commit. One walk over the graph:
 * each deployment marks its commit and the ancestors no earlier deployment marked. The marked set is
 * closed under ancestry, so a walk stops at the first marked commit and every commit is visited once.
 * A deployment whose commit is not in the graph (a history rewritten away, or older than the history
 * read) ships that commit alone: nothing proves which of its ancestors it holds.
 */
function shipCommits(deployments, commits) {
    const shipped = new Map();
    const stack = [];
    deployments.forEach((deployment, index) => {
        if (shipped.has(deployment.sha))
            return;
        shipped.set(deployment.sha, index);
        if (!commits.has(deployment.sha))
            return;
        stack.push(deployment.sha);
        while (stack.length > 0) {
            const commit = commits.get(stack.pop());
            if (commit === undefined)
                continue;
            for (const parent of commit.parents) {
                if (shipped.has(parent) || !commits.has(parent))
                    continue;
                shipped.set(parent, index);
                stack.push(parent);
            }
        }
    });
    return shipped;
}
/**
 * A commit outside the graph that a comparison proved a proper ancestor of another was shipped, at
 * the latest, by the first deployment that shipped that other commit: a rollback to a commit older
 * than the history read ships nothing new, and a revert of it blames the deployment that first held
 * it (docs/metrics.md "Resolved over the whole history").
 */
function withKnownAncestors(shipped, pairs) {
    // A pair's descendant may itself be proved an ancestor of an earlier shipment: settle until nothing moves.
    for (let moved = true; moved;) {
        moved = false;
        for (const [ancestor, descendant] of pairs) {
            const by = shipped.get(descendant);
            const own = shipped.get(ancestor);
            if (by !== undefined && (own === undefined || by < own)) {
                shipped.set(ancestor, by);
                moved = true;
            }
        }
    }
    return shipped;
}
/**
 * True when `ancestor` is reachable from `descendant` through parents and is not the same commit:
 * walked in the graph, or known from a comparison the collector made for commits outside it.
 */
function isProperAncestor(history, ancestor, descendant) {
    if (ancestor === descendant)
        return false;
    if (history.outside.properAncestors.has(`${ancestor}>${descendant}`))
        return true;
    const commits = history.graph;
    if (!commits.has(ancestor) || !commits.has(descendant))
        return false;
    const seen = new Set([descendant]);
    const stack = [descendant];
    while (stack.length > 0) {
        const commit = commits.get(stack.pop());
        if (commit === undefined)
            continue;
        for (const parent of commit.parents) {
            if (parent === ancestor)
                return true;
            if (seen.has(parent))
                continue;
            seen.add(parent);
            stack.push(parent);
        }
    }
    return false;
}
/** Index of the last deployment completed at or before `t`, or -1. */
function lastDeploymentAtOrBefore(history, t) {
    let low = 0;
    let high = history.deployments.length;
    while (low < high) {
        const mid = (low + high) >> 1;
        if (history.deployments[mid].time <= t)
            low = mid + 1;
        else
            high = mid;
    }
    return low - 1;
}
/** Index of the first deployment completed strictly after `t`, or -1. */
function firstDeploymentAfter(history, t) {
    const next = lastDeploymentAtOrBefore(history, t) + 1;
    return next < history.deployments.length ? next : -1;
}
/**
 * The deployment that first shipped a commit: a branch commit directly, or a pull request's own
 * commit (absent from the branch after a squash or rebase merge) through that pull request's merge
 * commit. Undefined when nothing shipped it.
 */
function shipmentOfCommit(history, sha) {
    const direct = history.firstShipment.get(sha);
    if (direct !== undefined || history.graph.has(sha))
        return direct;
    for (const number of history.containingPullRequests.get(sha) ?? []) {
        const pr = history.pullRequests.get(number);
        const shipment = pr === undefined ? undefined : history.firstShipment.get(pr.mergeCommitSha);
        if (shipment !== undefined)
            return shipment;
    }
    return undefined;
}
/**
 * The commit a `This reverts commit <ref>` names: the full SHA, or a prefix of 7 or more hex digits
 * that matches exactly one commit. The collector's answer for the repository wins; without one, the
 * commits known here (the graph and the pull requests' own commits) are searched. Null: it names none.
 */
function resolveCommitRef(history, ref) {
    const wanted = ref.toLowerCase();
    const answered = history.outside.revertRefs.get(wanted);
    if (answered !== undefined)
        return answered;
    if (wanted.length === 40)
        return history.graph.has(wanted) || history.containingPullRequests.has(wanted) ? wanted : null;
    const matches = new Set();
    for (const sha of history.graph.keys())
        if (sha.startsWith(wanted))
            matches.add(sha);
    for (const sha of history.containingPullRequests.keys())
        if (sha.startsWith(wanted))
            matches.add(sha);
    return matches.size === 1 ? [...matches][0] : null;
}

;// CONCATENATED MODULE: ./src/dora/signals.ts
/**
 * The failure signals other than revert (docs/metrics.md "Change failure rate and failures"): what
 * each of hotfix, rollback, incident and failed-run finds in the history, for failures.ts to put together.
 */



const lowerSet = (values) => new Set(values.map((v) => v.toLowerCase()));
const hasLabel = (labels, wanted) => labels.some((label) => wanted.has(label.toLowerCase()));
const deploymentAt = (history, index) => history.deployments[index];
function hoursBetween(from, to) {
    const hours = (to - from) / HOUR_MS;
    return hours < 1 ? `${Math.round(hours * 60)} min` : `${Math.round(hours * 10) / 10} h`;
}
/**
 * `hotfix`: a deployment that ships a merged pull request carrying a hotfix label remediates the
 * last deployment completed at or before that pull request was opened, the one production ran when
 * someone started the fix.
 */
function hotfixFindings(history, hotfixLabels) {
    const wanted = lowerSet(hotfixLabels);
    const attributions = [];
    const remediating = [];
    for (const pr of history.pullRequests.values()) {
        if (!hasLabel(pr.labels, wanted))
            continue;
        const shippedBy = shipmentOfCommit(history, pr.mergeCommitSha);
        if (shippedBy === undefined)
            continue;
        remediating.push(shippedBy);
        const failed = lastDeploymentAtOrBefore(history, pr.createdAt);
        if (failed < 0 || failed >= shippedBy)
            continue;
        const remedy = deploymentAt(history, shippedBy);
        attributions.push({
            failed,
            remediation: {
                signal: 'hotfix',
                id: remedy.id,
                time: remedy.time,
                reason: `hotfix #${pr.number} (opened while this deployment was live) shipped in ${remedy.label}`,
            },
        });
    }
    return { signal: 'hotfix', attributions, remediating };
}
/**
 * `rollback`: a deployment whose commit is a proper ancestor of the commit of the deployment just
 * before it put production back to older code, so that deployment failed. Redeploying the same
 * commit is not a rollback.
 */
function rollbackFindings(history) {
    const attributions = [];
    const remediating = [];
    for (let index = 1; index < history.deployments.length; index++) {
        const before = deploymentAt(history, index - 1);
        const current = deploymentAt(history, index);
        // An ancestor of the previous deployment's commit was shipped by then: a cheap test first,
        // where the graph holds the commit (a rollback past the history read is known from a comparison).
        const shipped = history.firstShipment.get(current.sha);
        if (history.graph.has(current.sha) && (shipped === undefined || shipped >= index))
            continue;
        if (!isProperAncestor(history, current.sha, before.sha))
            continue;
        remediating.push(index);
        attributions.push({
            failed: index - 1,
            remediation: {
                signal: 'rollback',
                id: current.id,
                time: current.time,
                reason: `rolled back by ${current.label} to the earlier commit ${current.sha.slice(0, 7)}`,
            },
        });
    }
    return { signal: 'rollback', attributions, remediating };
}
/**
 * `incident`: an issue with an incident label points at the last deployment completed at or before
 * it was opened, if that is at most `incident-window` hours earlier; otherwise nothing proves which
 * deployment caused it and it is counted as unattributed. Closing the issue is the remediation; an
 * issue still open at `end` (or closed later) leaves the failure unrecovered.
 */
function incidentFindings(history, incidents, config, windows) {
    const wanted = lowerSet(config.incidentLabels);
    const attributions = [];
    const unattributed = [];
    const windowMs = config.incidentWindowHours * HOUR_MS;
    for (const incident of incidents) {
        if (incident.createdAt >= history.end || !hasLabel(incident.labels, wanted))
            continue;
        const failed = lastDeploymentAtOrBefore(history, incident.createdAt);
        const deployment = failed < 0 ? undefined : deploymentAt(history, failed);
        if (deployment === undefined || incident.createdAt - deployment.time > windowMs) {
            const window = windowOf(incident.createdAt, windows);
            if (window === null)
                continue;
            unattributed.push({
                number: incident.number,
                title: incident.title,
                createdAt: incident.createdAt,
                window,
                reason: deployment === undefined
                    ? 'no deployment before it was opened'
                    : `opened ${hoursBetween(deployment.time, incident.createdAt)} after the last deployment, beyond the ${config.incidentWindowHours} h incident window`,
            });
            continue;
        }
        const closed = incident.closedAt !== null && incident.closedAt < history.end ? incident.closedAt : null;
        const opened = `incident #${incident.number} opened ${hoursBetween(deployment.time, incident.createdAt)} after it`;
        attributions.push({
            failed,
            remediation: {
                signal: 'incident',
                id: `#${incident.number}`,
                time: closed,
                reason: closed === null ? `${opened}, still open at the end of the report` : `${opened}, closed`,
            },
        });
    }
    return { signal: 'incident', attributions, remediating: [], unattributed };
}
/**
 * `failed-run`: failed deploy runs, grouped into outages. Runs that no successful deployment
 * separates are one outage for recovery time, measured from the first of them to the next
 * successful deployment; each run still counts in the change failure rate.
 */
function failedRunOutages(history, failedRuns) {
    const runs = failedRuns.filter((run) => run.time < history.end).sort(compareDeployments);
    const outages = [];
    for (const run of runs) {
        const recoveredBy = firstDeploymentAfter(history, run.time);
        const last = outages.at(-1);
        if (last !== undefined && last.recoveredBy === recoveredBy)
            last.runs.push(run);
        else
            outages.push({ runs: [run], recoveredBy });
    }
    return outages;
}

;// CONCATENATED MODULE: ./src/dora/reverts.ts
/**
 * The revert signal (docs/metrics.md "Change failure rate and failures"): which commits a revert
 * names, and which deployments they fail.
 */


/** `This reverts commit <sha>`: the full SHA or an abbreviation of 7 or more hex digits. */
const REVERTS_COMMIT = /This reverts commit ([0-9a-f]{7,40})\b/gi;
const REVERT_BRANCH = /^revert-(\d+)-/;
/** Every commit reference of `This reverts commit <ref>` in the messages, lowercase, as written. */
function revertReferences(messages) {
    const refs = [];
    for (const message of messages) {
        for (const match of message.matchAll(REVERTS_COMMIT))
            refs.push(match[1].toLowerCase());
    }
    return refs;
}
/**
 * `revert`: a deployment that ships a revert remediates the deployment that first shipped what it
 * reverts. A revert is a pull request titled `Revert "...`, from a `revert-<N>-...` branch, or
 * carrying a `This reverts commit <ref>` message (own commits, merge commit, associated copies), or
 * a direct push with that message. The branch names pull request N; the messages name commits by a
 * full or abbreviated SHA; a title names nothing. Targets are resolved over the whole history: one
 * first shipped before the deployments read (or never shipped) fails no deployment in either window.
 * With no target named at all, the hotfix rule applies (the authored time of a direct push stands
 * for "opened"). A revert shipped with its target never reached production: no failure, though the
 * deployment is still rework.
 */
function revertFindings(history) {
    const attributions = [];
    const remediating = [];
    const targetsOf = (refs, revertedPr) => {
        const shipments = [];
        let identified = false;
        for (const ref of refs) {
            const sha = resolveCommitRef(history, ref);
            if (sha === null)
                continue;
            identified = true;
            const shipment = shipmentOfCommit(history, sha);
            if (shipment !== undefined)
                shipments.push(shipment);
        }
        if (revertedPr !== null) {
            const pr = history.pullRequests.get(revertedPr);
            if (pr !== undefined) {
                identified = true;
                const shipment = shipmentOfCommit(history, pr.mergeCommitSha);
                if (shipment !== undefined)
                    shipments.push(shipment);
            }
            else if (history.outside.mergedPullRequests.has(revertedPr)) {
                identified = true;
            }
        }
        return { identified, shipments };
    };
    const attribute = (shippedBy, targets, openedAt, what) => {
        remediating.push(shippedBy);
        const remedy = deploymentAt(history, shippedBy);
        if (!targets.identified) {
            const failed = lastDeploymentAtOrBefore(history, openedAt);
            if (failed < 0 || failed >= shippedBy)
                return;
            attributions.push({
                failed,
                remediation: {
                    signal: 'revert',
                    id: remedy.id,
                    time: remedy.time,
                    reason: `${what} (names no reverted change; started while this deployment was live) shipped in ${remedy.label}`,
                },
            });
            return;
        }
        for (const failed of new Set(targets.shipments)) {
            // Shipped with (or after) the revert: the reverted code never ran in production alone.
            if (failed >= shippedBy)
                continue;
            attributions.push({
                failed,
                remediation: { signal: 'revert', id: remedy.id, time: remedy.time, reason: `reverted by ${what} in ${remedy.label}` },
            });
        }
    };
    for (const pr of history.pullRequests.values()) {
        const messages = pr.commits.map((c) => c.message);
        const mergeCommit = history.commits.get(pr.mergeCommitSha);
        if (mergeCommit !== undefined)
            messages.push(mergeCommit.message);
        for (const copy of history.associatedCommits.get(pr.number) ?? [])
            messages.push(copy.message);
        const refs = revertReferences(messages);
        const branch = REVERT_BRANCH.exec(pr.headRef);
        if (!pr.title.startsWith('Revert "') && branch === null && refs.length === 0)
            continue;
        const shippedBy = shipmentOfCommit(history, pr.mergeCommitSha);
        if (shippedBy === undefined)
            continue;
        attribute(shippedBy, targetsOf(refs, branch === null ? null : Number(branch[1])), pr.createdAt, `#${pr.number}`);
    }
    // Every commit a deployment ships counts, the branch's and another branch's a deployment holds
    // (a revert pushed to the release branch still remediates when that branch is deployed).
    for (const commit of history.graph.values()) {
        if (history.containingPullRequests.has(commit.sha))
            continue;
        const refs = revertReferences([commit.message]);
        if (refs.length === 0)
            continue;
        const shippedBy = history.firstShipment.get(commit.sha);
        if (shippedBy === undefined)
            continue;
        attribute(shippedBy, targetsOf(refs, null), commit.authoredAt, `commit ${commit.sha.slice(0, 7)}`);
    }
    return { signal: 'revert', attributions, remediating };
}

;// CONCATENATED MODULE: ./src/dora/model.ts
/**
 * The DORA vocabulary: the plain records the engine takes and returns.
 * Times are epoch milliseconds inside the engine; ISO strings live at the edges (report/).
 * Nothing here knows GitHub's API shapes: collectors translate into these records.
 */
const DEPLOYMENT_SOURCES = ['workflow', 'deployments', 'releases', 'merges'];
const FAILURE_SIGNALS = ['hotfix', 'revert', 'rollback', 'incident', 'failed-run'];
const TIERS = ['elite', 'high', 'medium', 'low'];
const BENCHMARK_YEARS = [2021, 2022, 2023];

;// CONCATENATED MODULE: ./src/dora/tiers.ts
/**
 * Performance tiers of one DORA report year (docs/metrics.md "Performance tiers"). Each table lists the
 * tiers best first with the bar to meet; a value that meets none is `low`. 2022 found no elite cluster.
 */


/** docs/metrics.md "Performance tiers" counts a month as 30 days and six months as 182 days. */
const MONTH = 30 * DAY_S;
const SIX_MONTHS = 182 * DAY_S;
const TIER_TABLES = {
    2023: {
        deploymentFrequency: [
            { tier: 'elite', onePerDays: 1 },
            { tier: 'high', onePerDays: 7 },
            { tier: 'medium', onePerDays: 30 },
        ],
        leadTime: [
            { tier: 'elite', belowSeconds: DAY_S },
            { tier: 'high', belowSeconds: WEEK_S },
            { tier: 'medium', belowSeconds: MONTH },
        ],
        changeFailureRate: [
            { tier: 'elite', atMost: 0.05 },
            { tier: 'high', atMost: 0.1 },
            { tier: 'medium', atMost: 0.15 },
        ],
        recoveryTime: [
            { tier: 'elite', belowSeconds: HOUR_S },
            { tier: 'high', belowSeconds: DAY_S },
            { tier: 'medium', belowSeconds: WEEK_S },
        ],
    },
    2022: {
        deploymentFrequency: [
            { tier: 'high', onePerDays: 1 },
            { tier: 'medium', onePerDays: 30 },
        ],
        leadTime: [
            { tier: 'high', belowSeconds: WEEK_S },
            { tier: 'medium', belowSeconds: MONTH },
        ],
        changeFailureRate: [
            { tier: 'high', atMost: 0.15 },
            { tier: 'medium', atMost: 0.3 },
        ],
        recoveryTime: [
            { tier: 'high', belowSeconds: DAY_S },
            { tier: 'medium', belowSeconds: WEEK_S },
        ],
    },
    2021: {
        deploymentFrequency: [
            { tier: 'elite', onePerDays: 1 },
            { tier: 'high', onePerDays: 30 },
            { tier: 'medium', onePerDays: 182 },
        ],
        leadTime: [
            { tier: 'elite', belowSeconds: HOUR_S },
            { tier: 'high', belowSeconds: WEEK_S },
            { tier: 'medium', belowSeconds: SIX_MONTHS },
        ],
        changeFailureRate: [
            { tier: 'elite', atMost: 0.15 },
            { tier: 'high', atMost: 0.2 },
            { tier: 'medium', atMost: 0.3 },
        ],
        recoveryTime: [
            { tier: 'elite', belowSeconds: HOUR_S },
            { tier: 'high', belowSeconds: DAY_S },
            { tier: 'medium', belowSeconds: WEEK_S },
        ],
    },
};
/**
 * Deployment frequency tier from the count and the window length. "At least one per N days" is
 * checked as `deployments * N >= days`, so a boundary such as 4 deployments in 28 days is exact
 * rather than at the mercy of 4/28 against 1/7 in floating point.
 */
function deploymentFrequencyTier(deployments, days, benchmark) {
    for (const bar of TIER_TABLES[benchmark].deploymentFrequency) {
        if (deployments * bar.onePerDays >= days)
            return bar.tier;
    }
    return 'low';
}
/** Tier of a median lead time; null without data. */
function leadTimeTier(medianSeconds, benchmark) {
    if (medianSeconds === null)
        return null;
    for (const bar of TIER_TABLES[benchmark].leadTime) {
        if (medianSeconds < bar.belowSeconds)
            return bar.tier;
    }
    return 'low';
}
/** Tier of a change failure rate (fraction 0..1); null without data. */
function changeFailureRateTier(rate, benchmark) {
    if (rate === null)
        return null;
    for (const bar of TIER_TABLES[benchmark].changeFailureRate) {
        if (rate <= bar.atMost)
            return bar.tier;
    }
    return 'low';
}
/** Tier of a median failed deployment recovery time; null without data. */
function recoveryTimeTier(medianSeconds, benchmark) {
    if (medianSeconds === null)
        return null;
    for (const bar of TIER_TABLES[benchmark].recoveryTime) {
        if (medianSeconds < bar.belowSeconds)
            return bar.tier;
    }
    return 'low';
}
/** The lowest tier among the metrics that have data (docs/metrics.md "Performance tiers"); null when none has. */
function overallTier(tiers) {
    let lowest = null;
    for (const tier of tiers) {
        if (tier === null)
            continue;
        if (lowest === null || TIERS.indexOf(tier) > TIERS.indexOf(lowest))
            lowest = tier;
    }
    return lowest;
}

;// CONCATENATED MODULE: ./src/dora/failures.ts
/**
 * Change failure rate and failures (docs/metrics.md "Change failure rate and failures"): which
 * deployments needed remediation, what remediated them, and which deployments are remediations.
 * Everything is resolved over the whole history known at `end`, then counted per window.
 */





/**
 * Applies the enabled signals. A deployment fails at most once whatever the number of signals, and
 * its remediation is the earliest one; failed runs count only with the workflow source.
 */
function attributeFailures(history, input, windows) {
    const signals = new Set(input.config.failureSignals);
    const findings = [];
    let unattributedIncidents = [];
    if (signals.has('hotfix'))
        findings.push(hotfixFindings(history, input.config.hotfixLabels));
    if (signals.has('revert'))
        findings.push(revertFindings(history));
    if (signals.has('rollback'))
        findings.push(rollbackFindings(history));
    if (signals.has('incident')) {
        const incidents = incidentFindings(history, input.incidents, input.config, windows);
        findings.push(incidents);
        unattributedIncidents = incidents.unattributed;
    }
    const remediations = new Map();
    const remediates = new Map();
    for (const finding of findings) {
        for (const { failed, remediation } of finding.attributions) {
            const list = remediations.get(failed);
            if (list === undefined)
                remediations.set(failed, [remediation]);
            else
                list.push(remediation);
        }
        for (const index of finding.remediating) {
            const list = remediates.get(index);
            if (list === undefined)
                remediates.set(index, [finding.signal]);
            else if (!list.includes(finding.signal))
                list.push(finding.signal);
        }
    }
    const failures = [];
    for (const [index, list] of remediations) {
        const deployment = deploymentAt(history, index);
        const window = windowOf(deployment.time, windows);
        if (window === null)
            continue;
        failures.push(failureOf(deployment, 'deployment', window, list));
    }
    const failedRuns = [];
    if (signals.has('failed-run') && input.source === 'workflow') {
        for (const outage of failedRunOutages(history, input.failedRuns)) {
            for (const run of outage.runs) {
                const window = windowOf(run.time, windows);
                if (window !== null)
                    failedRuns.push({ run, window });
            }
            const first = outage.runs[0];
            const window = windowOf(first.time, windows);
            if (window === null)
                continue;
            const recovery = outage.recoveredBy < 0 ? undefined : deploymentAt(history, outage.recoveredBy);
            const failedCount = outage.runs.length === 1 ? 'deploy run failed' : `${outage.runs.length} consecutive deploy runs failed`;
            failures.push(failureOf(first, 'failed-run', window, [
                recovery === undefined
                    ? { signal: 'failed-run', id: '', time: null, reason: `${failedCount}; no successful deployment since` }
                    : {
                        signal: 'failed-run',
                        id: recovery.id,
                        time: recovery.time,
                        reason: `${failedCount}; next successful deployment ${recovery.label}`,
                    },
            ]));
        }
    }
    failures.sort((a, b) => compareDeployments({ time: a.failedAt, id: a.failedId }, { time: b.failedAt, id: b.failedId }));
    return {
        failures,
        remediates,
        failed: new Set(remediations.keys()),
        failedRuns,
        unattributedIncidents,
    };
}
/** The failure record: the earliest remediation wins; none by `end` leaves it unrecovered. */
function failureOf(failed, kind, window, remediations) {
    let earliest;
    for (const remediation of remediations) {
        if (remediation.time === null)
            continue;
        if (earliest === undefined || earliest.time > remediation.time)
            earliest = remediation;
    }
    const chosen = earliest ?? remediations[0];
    const others = [...new Set(remediations.filter((r) => r !== chosen).map((r) => r.signal))];
    const also = others.length > 0 ? ` (also: ${others.join(', ')})` : '';
    return {
        failedId: failed.id,
        failedAt: failed.time,
        kind,
        window,
        signal: chosen.signal,
        remediationId: chosen.time === null ? null : chosen.id,
        remediatedAt: chosen.time,
        recoverySeconds: chosen.time === null ? null : (chosen.time - failed.time) / 1000,
        reason: `${chosen.reason}${also}`,
    };
}
/** The change failure rate of one window. With `failed-run`, failed runs join both counts. */
function changeFailureRateOf(window, deploymentsInWindow, attribution, benchmark) {
    const failedRuns = attribution.failedRuns.filter((f) => f.window === window).length;
    const failedDeployments = deploymentsInWindow.filter((index) => attribution.failed.has(index)).length;
    const deployments = deploymentsInWindow.length + failedRuns;
    const failed = failedDeployments + failedRuns;
    const rate = deployments === 0 ? null : failed / deployments;
    return {
        deployments,
        failedDeployments: failed,
        rate,
        tier: changeFailureRateTier(rate, benchmark),
        failedRuns,
        unattributedIncidents: attribution.unattributedIncidents.filter((i) => i.window === window).length,
        reason: rate === null ? 'no deployments in the window' : null,
    };
}

;// CONCATENATED MODULE: ./src/dora/stats.ts
/**
 * Quantile q (0..1) of the values: for sorted x[0..n-1], h = (n - 1) * q and the result is
 * x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]). Null for no values.
 */
function quantile(values, q) {
    if (values.length === 0)
        return null;
    const sorted = [...values].sort((a, b) => a - b);
    return quantileOfSorted(sorted, q);
}
function quantileOfSorted(sorted, q) {
    const h = (sorted.length - 1) * q;
    const lower = Math.floor(h);
    const below = sorted[lower];
    const above = sorted[Math.min(lower + 1, sorted.length - 1)];
    return below + (h - lower) * (above - below);
}
function median(values) {
    return quantile(values, 0.5);
}
function p90(values) {
    return quantile(values, 0.9);
}
function p95(values) {
    return quantile(values, 0.95);
}
function mean(values) {
    if (values.length === 0)
        return null;
    let sum = 0;
    for (const value of values)
        sum += value;
    return sum / values.length;
}
/** Median, p90, p95 and mean of durations in seconds. */
function durationStats(seconds) {
    if (seconds.length === 0)
        return { medianSeconds: null, p90Seconds: null, p95Seconds: null, meanSeconds: null };
    const sorted = [...seconds].sort((a, b) => a - b);
    return {
        medianSeconds: quantileOfSorted(sorted, 0.5),
        p90Seconds: quantileOfSorted(sorted, 0.9),
        p95Seconds: quantileOfSorted(sorted, 0.95),
        meanSeconds: mean(sorted),
    };
}

;// CONCATENATED MODULE: ./src/dora/flow.ts


const elapsedSeconds = (from, to) => Math.max(0, (to - from) / 1000);
/**
 * Reviews that count: submitted by someone other than the pull request's author, at or before the
 * merge. A review after the merge did not gate it; a reviewer with no account (null) is someone
 * else only when the author is known, since two unknowns cannot be told apart.
 */
function reviewsByOthers(pr, reviews) {
    const author = pr.author?.toLowerCase() ?? null;
    return reviews.filter((review) => {
        if (review.submittedAt > pr.mergedAt)
            return false;
        if (review.author === null)
            return author !== null;
        return review.author.toLowerCase() !== author;
    });
}
/** Flow metrics over the pull requests merged in `window` (`start <= mergedAt < end`). */
function flowMetrics(pullRequests, window, options = {}) {
    const excludedLogins = new Set((options.excludeAuthors ?? []).map((login) => login.toLowerCase()));
    const merged = pullRequests.filter((pr) => isInRange(pr.mergedAt, window));
    const isExcluded = (pr) => pr.author !== null && excludedLogins.has(pr.author.toLowerCase());
    const counted = merged.filter((pr) => !isExcluded(pr));
    const noneMerged = merged.length === 0 ? 'no pull request was merged in the window' : 'every pull request merged in the window was excluded';
    const cycle = counted.map((pr) => elapsedSeconds(pr.createdAt, pr.mergedAt));
    const cycleStats = durationStats(cycle);
    const withReviews = counted.filter((pr) => pr.reviews !== undefined);
    const depths = [];
    const firstReviews = [];
    for (const pr of withReviews) {
        const reviews = reviewsByOthers(pr, pr.reviews ?? []);
        depths.push(reviews.length);
        if (reviews.length === 0)
            continue;
        const first = Math.min(...reviews.map((r) => r.submittedAt));
        firstReviews.push(elapsedSeconds(pr.createdAt, first));
    }
    const firstReviewStats = durationStats(firstReviews);
    const reviewsReason = counted.length === 0 ? noneMerged : withReviews.length === 0 ? 'reviews were not read' : null;
    const sized = counted.flatMap((pr) => (pr.size === undefined ? [] : [pr.size]));
    const sizeReason = counted.length === 0 ? noneMerged : sized.length === 0 ? 'pull request sizes were not read' : null;
    return {
        pullRequests: counted.length,
        excluded: merged.length - counted.length,
        cycleTime: {
            pullRequests: cycle.length,
            ...cycleStats,
            reason: cycle.length === 0 ? noneMerged : null,
        },
        timeToFirstReview: {
            pullRequests: firstReviews.length,
            medianSeconds: firstReviewStats.medianSeconds,
            p90Seconds: firstReviewStats.p90Seconds,
            reason: reviewsReason ??
                (firstReviews.length === 0 ? 'no pull request was reviewed by someone other than its author before it was merged' : null),
        },
        reviewDepth: {
            pullRequests: withReviews.length,
            meanReviews: mean(depths),
            medianReviews: median(depths),
            unreviewed: withReviews.length === 0 ? null : depths.filter((n) => n === 0).length,
            reason: reviewsReason,
        },
        size: {
            pullRequests: sized.length,
            medianLines: median(sized.map((s) => s.additions + s.deletions)),
            medianChangedFiles: median(sized.map((s) => s.changedFiles)),
            reason: sizeReason,
        },
    };
}

;// CONCATENATED MODULE: ./src/dora/frequency.ts


/** `deployments` are those in the window; `days` is the window's length. */
function deploymentFrequencyOf(deployments, days, benchmark, likelyMisconfigured = null) {
    const count = deployments.length;
    return {
        deployments: count,
        perDay: count / days,
        perWeek: count / (days / 7),
        deploymentDays: new Set(deployments.map((d) => utcDate(d.time))).size,
        tier: likelyMisconfigured === null ? deploymentFrequencyTier(count, days, benchmark) : null,
        reason: likelyMisconfigured,
    };
}

;// CONCATENATED MODULE: ./src/dora/lead-time.ts
/**
 * Lead time for changes (docs/metrics.md "Lead time for changes"): from a change's first authored commit
 * to the first deployment, in time order, whose commit contains it.
 */




/**
 * The changes on the production branch: each merged pull request whose merge commit is on it, and
 * each branch commit no merged pull request contains (a direct push). A pull request's start is the
 * earliest authored date among its own commits and its associated copies, because authored dates
 * survive rebase and squash merges while committed dates do not; its merge commit's authored date
 * counts only when none of those commits is known (with clock skew it may be the earliest).
 */
function changesOnBranch(history) {
    const changes = [];
    for (const pr of history.pullRequests.values()) {
        const mergeCommit = history.commits.get(pr.mergeCommitSha);
        let mergeAuthoredAt = mergeCommit?.authoredAt;
        if (mergeCommit === undefined) {
            // Merged into another branch that a pull request then merged into this one with a merge commit:
            // its merge commit is one of that pull request's own commits, reachable through the merge (a
            // squash or rebase would have left them out). Otherwise the branch does not hold it (merged
            // elsewhere and never brought here, or the branch was rewritten): no change of the branch.
            const carrier = (history.containingPullRequests.get(pr.mergeCommitSha) ?? [])
                .map((number) => history.pullRequests.get(number))
                .find((other) => other !== undefined && other.number !== pr.number && (history.commits.get(other.mergeCommitSha)?.parents.length ?? 0) > 1);
            if (carrier === undefined)
                continue;
            mergeAuthoredAt = carrier.commits.find((c) => c.sha === pr.mergeCommitSha)?.authoredAt;
        }
        let start = Number.POSITIVE_INFINITY;
        for (const commit of pr.commits)
            start = Math.min(start, commit.authoredAt);
        for (const commit of history.associatedCommits.get(pr.number) ?? []) {
            // The merge commit is associated with its pull request too, but it is none of its commits.
            if (commit.sha !== pr.mergeCommitSha || pr.commits.some((c) => c.sha === commit.sha))
                start = Math.min(start, commit.authoredAt);
        }
        if (start === Number.POSITIVE_INFINITY && mergeAuthoredAt !== undefined)
            start = mergeAuthoredAt;
        if (start === Number.POSITIVE_INFINITY)
            continue;
        changes.push({
            kind: 'pull_request',
            number: pr.number,
            sha: pr.mergeCommitSha,
            title: pr.title,
            author: pr.author,
            ...(pr.url === undefined ? {} : { url: pr.url }),
            start,
            openedAt: pr.createdAt,
            mergedAt: pr.mergedAt,
        });
    }
    for (const commit of history.commits.values()) {
        if (history.containingPullRequests.has(commit.sha))
            continue;
        changes.push({
            kind: 'direct_push',
            number: null,
            sha: commit.sha,
            title: commit.message.split('\n', 1)[0] ?? '',
            author: commit.author,
            start: commit.authoredAt,
            openedAt: null,
            mergedAt: null,
        });
    }
    return changes;
}
const secondsBetween = (from, to) => (to - from) / 1000;
/**
 * Every change first shipped by a deployment in the current or previous window, in deployment order,
 * with its status, the first that applies: `unmeasured` (shipped by a deployment with no baseline:
 * the first on record, or the first after the branch's history was rewritten), `excluded` (author in
 * `exclude-authors`, matched case-insensitively as GitHub logins are), `skipped` (negative lead
 * time: clock skew) or `measured`.
 */
function measureChanges(history, windows, excludeAuthors) {
    const excluded = new Set(excludeAuthors.map((login) => login.toLowerCase()));
    const measured = [];
    for (const change of changesOnBranch(history)) {
        // A pull request merged into a branch a pull request brought here ships with that pull request.
        const order = shipmentOfCommit(history, change.sha);
        if (order === undefined)
            continue;
        const deployment = history.deployments[order];
        if (deployment === undefined)
            continue;
        const window = windowOf(deployment.time, windows);
        if (window === null)
            continue;
        const leadTimeSeconds = secondsBetween(change.start, deployment.time);
        let status = 'measured';
        if (history.baselines[order] === -1)
            status = 'unmeasured';
        else if (change.author !== null && excluded.has(change.author.toLowerCase()))
            status = 'excluded';
        else if (leadTimeSeconds < 0)
            status = 'skipped';
        const stages = change.openedAt === null || change.mergedAt === null
            ? null
            : {
                // A stage would be negative when commits were authored after the PR was opened: 0 then.
                codingSeconds: Math.max(0, secondsBetween(change.start, change.openedAt)),
                reviewSeconds: Math.max(0, secondsBetween(change.openedAt, change.mergedAt)),
                deploySeconds: Math.max(0, secondsBetween(change.mergedAt, deployment.time)),
            };
        measured.push({
            order,
            change: {
                kind: change.kind,
                number: change.number,
                sha: change.sha,
                title: change.title,
                author: change.author,
                ...(change.url === undefined ? {} : { url: change.url }),
                start: change.start,
                openedAt: change.openedAt,
                mergedAt: change.mergedAt,
                deploymentId: deployment.id,
                deployedAt: deployment.time,
                window,
                status,
                leadTimeSeconds: status === 'measured' ? leadTimeSeconds : null,
                stages,
            },
        });
    }
    measured.sort((a, b) => a.order - b.order ||
        a.change.start - b.change.start ||
        (a.change.number ?? Number.MAX_SAFE_INTEGER) - (b.change.number ?? Number.MAX_SAFE_INTEGER) ||
        (a.change.sha < b.change.sha ? -1 : a.change.sha > b.change.sha ? 1 : 0));
    return measured.map((m) => m.change);
}
/** The lead time metric of one window, from the changes deployed in it. */
function leadTimeOf(changes, window, deploymentsInWindow, benchmark) {
    const count = (status) => changes.filter((c) => c.window === window && c.status === status).length;
    const seconds = changes.filter((c) => c.window === window && c.status === 'measured').map((c) => c.leadTimeSeconds);
    const stats = durationStats(seconds);
    const excluded = count('excluded');
    const skipped = count('skipped');
    const unmeasured = count('unmeasured');
    return {
        changes: seconds.length,
        ...stats,
        tier: leadTimeTier(stats.medianSeconds, benchmark),
        excluded,
        skipped,
        unmeasured,
        reason: seconds.length > 0 ? null : noLeadTimeReason(deploymentsInWindow, { excluded, skipped, unmeasured }),
    };
}
function noLeadTimeReason(deployments, counts) {
    if (deployments === 0)
        return 'no deployments in the window';
    const parts = [];
    if (counts.unmeasured > 0) {
        parts.push(`${counts.unmeasured} shipped by the first deployment on record of the production branch, which has no earlier deployment to measure from`);
    }
    if (counts.excluded > 0)
        parts.push(`${counts.excluded} by excluded authors`);
    if (counts.skipped > 0)
        parts.push(`${counts.skipped} skipped because their commits are dated after the deployment (clock skew)`);
    if (parts.length === 0) {
        const noun = deployments === 1 ? 'deployment' : 'deployments';
        return `no changes measured: the ${deployments} ${noun} in the window shipped no new commit of the production branch`;
    }
    return `no changes measured: ${parts.join('; ')}`;
}

;// CONCATENATED MODULE: ./src/dora/metrics.ts
/**
 * The metric registry: each of the five metrics named once, with everything the layers above say
 * about it (titles, unit, better direction, step outputs, alert name, badge, what data it needs).
 * The engine is the lowest layer, so inputs, collection, report and publishing may all read it; it
 * imports nothing, so the engine bundle stays free of them. Table order is the summary table's,
 * and every list of metrics (outputs, badges, deltas, withheld warnings) follows it.
 */
/** The metrics' keys in `WindowMetrics` and the report's `metrics` and `deltas`, in table order. */
const METRIC_KEYS = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate'];
const METRIC_DATA = (/* unused pure expression or super */ null && (['deployments', 'history', 'pullRequests', 'incidents']));
const METRICS = {
    deploymentFrequency: {
        key: 'deploymentFrequency',
        title: 'deployment frequency',
        name: 'deployment frequency',
        headline: 'perDay',
        headlineName: 'deployments per day',
        unit: 'perDay',
        better: 'higher',
        tiered: true,
        outputs: { value: 'deployment-frequency', text: 'deployment-frequency-text', tier: 'deployment-frequency-tier', count: 'deployments' },
        alert: 'deployment-frequency',
        badge: { name: 'deployment-frequency', label: 'deployment frequency' },
        withholdable: false,
        needs: ['deployments'],
    },
    leadTime: {
        key: 'leadTime',
        title: 'lead time for changes',
        name: 'lead time',
        headline: 'medianSeconds',
        headlineName: 'median lead time',
        unit: 'seconds',
        better: 'lower',
        tiered: true,
        outputs: { value: 'lead-time-seconds', text: 'lead-time', tier: 'lead-time-tier', count: null },
        alert: 'lead-time',
        badge: { name: 'lead-time', label: 'lead time' },
        withholdable: true,
        needs: ['deployments', 'history', 'pullRequests'],
    },
    changeFailureRate: {
        key: 'changeFailureRate',
        title: 'change failure rate',
        name: 'change failure rate',
        headline: 'rate',
        headlineName: 'change failure rate',
        unit: 'fraction',
        better: 'lower',
        tiered: true,
        outputs: { value: 'change-failure-rate', text: 'change-failure-rate-percent', tier: 'change-failure-rate-tier', count: null },
        alert: 'change-failure-rate',
        badge: { name: 'change-failure-rate', label: 'change failure rate' },
        withholdable: true,
        // Reverts and hotfixes are found in the history and pull requests; incidents blame deployments too.
        needs: ['deployments', 'history', 'pullRequests', 'incidents'],
    },
    failedDeploymentRecoveryTime: {
        key: 'failedDeploymentRecoveryTime',
        title: 'failed deployment recovery time',
        name: 'recovery time',
        headline: 'medianSeconds',
        headlineName: 'median recovery time',
        unit: 'seconds',
        better: 'lower',
        tiered: true,
        outputs: { value: 'recovery-time-seconds', text: 'recovery-time', tier: 'recovery-time-tier', count: null },
        alert: 'recovery-time',
        badge: { name: 'recovery-time', label: 'recovery time' },
        withholdable: true,
        // It recovers the failures change failure rate finds, so it needs what that needs.
        needs: ['deployments', 'history', 'pullRequests', 'incidents'],
    },
    reworkRate: {
        key: 'reworkRate',
        title: 'deployment rework rate',
        name: 'rework rate',
        headline: 'rate',
        headlineName: 'rework rate',
        unit: 'fraction',
        better: 'lower',
        tiered: false,
        outputs: { value: 'rework-rate', text: 'rework-rate-percent', tier: null, count: null },
        alert: 'rework-rate',
        badge: { name: 'rework-rate', label: 'rework rate' },
        withholdable: true,
        needs: ['deployments', 'history', 'pullRequests'],
    },
};
/** The metrics in table order, as their specs. */
const METRIC_SPECS = METRIC_KEYS.map((key) => METRICS[key]);
const WITHHOLDABLE_METRICS = METRIC_KEYS.filter((key) => METRICS[key].withholdable);
const TIERED_METRICS = METRIC_KEYS.filter((key) => METRICS[key].tiered);
/** The alert rule names in table order. */
const ALERT_METRICS = METRIC_SPECS.map((spec) => spec.alert);
/** The metrics computed from `data`, in table order: those a gap in it understates. */
function metricsNeeding(data) {
    return METRIC_KEYS.filter((key) => METRICS[key].needs.includes(data));
}
/** The metric an alert rule names, or null when it names none. */
function metricOfAlert(alert) {
    return METRIC_KEYS.find((key) => METRICS[key].alert === alert) ?? null;
}
/**
 * A metric's headline number in a window's metrics: the engine's, a report's or a roll-up's, which
 * all name it by the registry's `headline` field.
 */
function headlineOf(metrics, key) {
    return metrics[key][METRICS[key].headline];
}
/** The metrics' step outputs in table order, each metric's value, text, tier and count in that order. */
const METRIC_OUTPUT_NAMES = METRIC_SPECS.flatMap((spec) => [spec.outputs.value, spec.outputs.text, spec.outputs.tier, spec.outputs.count].filter((name) => name !== null));

;// CONCATENATED MODULE: ./src/dora/trends.ts


const WEEK_DAYS = 7;
/**
 * The window's weekly buckets, oldest first.
 *
 * Failed deploy runs (the `failed-run` signal) are not in the weekly failure rates: the result keeps
 * only one record per outage, not every run, so the weekly rate counts deployments alone and can
 * differ from the window's rate when that signal is on.
 */
function weeklyTrends(result, options = {}) {
    const withheld = new Set(options.withheld ?? []);
    const leadTimeWithheld = withheld.has('leadTime');
    const failureRateWithheld = withheld.has('changeFailureRate');
    const { start, end } = result.window;
    const deployments = result.deployments.filter((d) => d.window === 'current');
    const changes = result.changes.filter((c) => c.window === 'current' && c.status === 'measured');
    const points = [];
    for (let from = start; from < end; from += WEEK_DAYS * DAY_MS) {
        const to = Math.min(from + WEEK_DAYS * DAY_MS, end);
        const inBucket = (t) => from <= t && t < to;
        const shipped = deployments.filter((d) => inBucket(d.deployment.time));
        const leadTimes = changes
            .filter((c) => inBucket(c.deployedAt))
            .map((c) => c.leadTimeSeconds)
            .filter((s) => s !== null);
        const failed = shipped.filter((d) => d.failed).length;
        points.push({
            start: from,
            end: to,
            days: (to - from) / DAY_MS,
            deployments: shipped.length,
            changes: leadTimeWithheld ? null : leadTimes.length,
            medianLeadTimeSeconds: leadTimeWithheld ? null : median(leadTimes),
            failedDeployments: failureRateWithheld ? null : failed,
            failureRate: failureRateWithheld || shipped.length === 0 ? null : failed / shipped.length,
        });
    }
    return points;
}

;// CONCATENATED MODULE: ./src/dora/outcome.ts



/** Metrics whose data could not be read: reported as null with the reason, never computed from a part. */
function withheldMetrics(missing) {
    return WITHHOLDABLE_METRICS.flatMap((metric) => {
        const gap = missing.find((m) => m.metrics.includes(metric));
        return gap ? [{ metric, reason: `${gap.what} could not be read (${gap.reason})` }] : [];
    });
}
/**
 * The outcome of `result` with `withheld` metrics withheld and `flow` (when given) attached.
 * Throws when asked to withhold a metric that cannot be (a caller bug, not user data).
 */
function outcomeOf(result, options = {}) {
    const withheld = withheldByMetric(options.withheld ?? []);
    const { window, previousWindow, source, benchmark, metrics, previous, deployments, changes, failures, unattributedIncidents } = result;
    return {
        // The result's own fields only: an outcome given here is computed afresh, not merged with its old withheld metrics or flow.
        ...{ window, previousWindow, source, benchmark, metrics, previous, deployments, changes, failures, unattributedIncidents },
        withheld: [...withheld].map(([metric, reason]) => ({ metric, reason })),
        reported: { metrics: reportedMetrics(result.metrics, withheld), previous: reportedMetrics(result.previous, withheld) },
        deltas: deltas(result.metrics, result.previous, withheld, { partial: result.previousWindow.historyFrom !== null }),
        weekly: weeklyTrends(result, { withheld: [...withheld.keys()] }),
        ...(options.flow ? { flow: options.flow } : {}),
    };
}
function withheldByMetric(list) {
    const byMetric = new Map();
    for (const { metric, reason } of list) {
        // A caller bug, not user data: deployment frequency is never withheld, and a typo must not pass silently.
        if (!WITHHOLDABLE_METRICS.includes(metric))
            throw new Error(`Cannot withhold metric "${String(metric)}".`);
        const reasons = byMetric.get(metric) ?? [];
        if (!reasons.includes(reason))
            reasons.push(reason);
        byMetric.set(metric, reasons);
    }
    return new Map([...byMetric].map(([metric, reasons]) => [metric, reasons.join('; ')]));
}
function reportedMetrics(m, withheld) {
    const reasonOf = (metric) => withheld.get(metric) ?? '';
    const nullStats = { medianSeconds: null, p90Seconds: null, p95Seconds: null, meanSeconds: null };
    const metrics = {
        deploymentFrequency: { ...m.deploymentFrequency, withheld: false },
        leadTime: withheld.has('leadTime')
            ? {
                changes: null,
                ...nullStats,
                tier: null,
                excluded: null,
                skipped: null,
                unmeasured: null,
                reason: reasonOf('leadTime'),
                withheld: true,
            }
            : { ...m.leadTime, withheld: false },
        changeFailureRate: withheld.has('changeFailureRate')
            ? {
                deployments: m.changeFailureRate.deployments,
                failedDeployments: null,
                rate: null,
                tier: null,
                failedRuns: null,
                unattributedIncidents: null,
                reason: reasonOf('changeFailureRate'),
                withheld: true,
            }
            : { ...m.changeFailureRate, withheld: false },
        failedDeploymentRecoveryTime: withheld.has('failedDeploymentRecoveryTime')
            ? {
                recoveries: null,
                ...nullStats,
                unrecovered: null,
                tier: null,
                reason: reasonOf('failedDeploymentRecoveryTime'),
                withheld: true,
            }
            : { ...m.failedDeploymentRecoveryTime, withheld: false },
        reworkRate: withheld.has('reworkRate')
            ? { deployments: m.reworkRate.deployments, reworkDeployments: null, rate: null, reason: reasonOf('reworkRate'), withheld: true }
            : { ...m.reworkRate, withheld: false },
        overallTier: m.overallTier,
    };
    if (withheld.size === 0)
        return metrics;
    // Withheld tiers are null, so the overall tier is that of the metrics still reported (docs/metrics.md "Performance tiers": those with data).
    return {
        ...metrics,
        overallTier: overallTier(TIERED_METRICS.map((key) => metrics[key].tier)),
    };
}
/**
 * The deltas. With `partial` (the previous window holds only part of a window of history: its
 * first deployment on record came after it began), a move is neither better nor worse: `trend` is null.
 */
function deltas(current, previous, withheld, { partial }) {
    const delta = (key) => {
        const { unit, better } = METRICS[key];
        /** A withheld metric's headline number is reported in neither window. */
        const gone = withheld.has(key);
        const moved = compare(gone ? null : headlineOf(current, key), gone ? null : headlineOf(previous, key), better);
        return { unit, better, ...moved, trend: partial ? null : moved.trend };
    };
    // Each metric's unit and better literals are the registry's.
    return Object.fromEntries(METRIC_KEYS.map((key) => [key, delta(key)]));
}
/** A delta: difference, relative change and its direction (shared with the organisation roll-up). */
function compare(current, previous, better) {
    if (current === null || previous === null) {
        return { current, previous, difference: null, ratio: null, trend: null };
    }
    const difference = current - previous;
    const trend = difference === 0 ? 'unchanged' : difference > 0 === (better === 'higher') ? 'better' : 'worse';
    return { current, previous, difference, ratio: previous === 0 ? null : difference / previous, trend };
}

;// CONCATENATED MODULE: ./src/dora/recovery.ts


function failedDeploymentRecoveryTimeOf(failures, window, benchmark) {
    const inWindow = failures.filter((f) => f.window === window);
    const seconds = inWindow.filter((f) => f.recoverySeconds !== null).map((f) => f.recoverySeconds);
    const unrecovered = inWindow.length - seconds.length;
    const stats = durationStats(seconds);
    let reason = null;
    if (inWindow.length === 0)
        reason = 'no failed deployments in the window';
    else if (seconds.length === 0) {
        reason = `no failed deployment in the window was remediated by the end of the report (${unrecovered} unrecovered)`;
    }
    return {
        recoveries: seconds.length,
        ...stats,
        unrecovered,
        tier: recoveryTimeTier(stats.medianSeconds, benchmark),
        reason,
    };
}

;// CONCATENATED MODULE: ./src/dora/rework.ts
function reworkRateOf(deployments, window) {
    const inWindow = deployments.filter((d) => d.window === window);
    const reworkDeployments = inWindow.filter((d) => d.remediates.length > 0).length;
    return {
        deployments: inWindow.length,
        reworkDeployments,
        rate: inWindow.length === 0 ? null : reworkDeployments / inWindow.length,
        reason: inWindow.length === 0 ? 'no deployments in the window' : null,
    };
}

;// CONCATENATED MODULE: ./src/dora/index.ts
/**
 * The engine's entry point (`import { computeMetrics } from 'dora-action/engine'`): records in,
 * metrics out. No I/O; times are epoch milliseconds. docs/metrics.md is the contract for every number.
 */

















/**
 * Computes every metric for the window `[end - days, end)` and the previous window, judging both
 * with everything known at `end` (events at or after `end` are ignored), and what the report shows
 * of them: the metrics `input.missing` withholds, the overall tier of the rest, the deltas, the
 * weekly trends and the flow metrics.
 */
function computeMetrics(input) {
    const result = resultOf(input);
    const withheld = withheldMetrics(input.missing ?? []);
    // Flow metrics come from the same pull requests as lead time: none when those could not be read.
    const flow = input.flowPullRequests === undefined || withheld.some((w) => w.metric === 'leadTime')
        ? undefined
        : flowMetrics(input.flowPullRequests, result.window, { excludeAuthors: input.config.excludeAuthors });
    return outcomeOf(result, { withheld, ...(flow ? { flow } : {}) });
}
/**
 * When the deployment history the previous window holds begins: the first deployment on record,
 * when it completed after the previous window began (the collector reads back to the last
 * deployment before it, so none on record means none); null otherwise.
 */
function historyFrom(deployments, windows) {
    const first = deployments[0];
    return first === undefined || first.time <= windows.previous.start ? null : first.time;
}
/** The metrics of both windows and the records behind them. */
function resultOf(input) {
    const windows = reportWindows(input.end, input.days);
    const history = buildHistory(input);
    const benchmark = input.config.benchmark;
    const changes = measureChanges(history, windows, input.config.excludeAuthors);
    const attribution = attributeFailures(history, input, windows);
    const changesPerDeployment = new Map();
    for (const change of changes) {
        changesPerDeployment.set(change.deploymentId, (changesPerDeployment.get(change.deploymentId) ?? 0) + 1);
    }
    const counted = [];
    history.deployments.forEach((deployment, index) => {
        const window = windowOf(deployment.time, windows);
        if (window === null)
            return;
        counted.push({
            index,
            deployment,
            window,
            // The latest earlier deployment sharing history with the branch; none for the first on record (docs/metrics.md "Baselines").
            baselineId: history.baselines[index] === -1 ? null : history.deployments[history.baselines[index]].id,
            changes: changesPerDeployment.get(deployment.id) ?? 0,
            remediates: attribution.remediates.get(index) ?? [],
            failed: attribution.failed.has(index),
        });
    });
    const metricsOf = (window) => {
        const inWindow = counted.filter((d) => d.window === window);
        const deploymentFrequency = deploymentFrequencyOf(inWindow.map((d) => d.deployment), input.days, benchmark, input.likelyMisconfigured ?? null);
        const leadTime = leadTimeOf(changes, window, inWindow.length, benchmark);
        const changeFailureRate = changeFailureRateOf(window, inWindow.map((d) => d.index), attribution, benchmark);
        const failedDeploymentRecoveryTime = failedDeploymentRecoveryTimeOf(attribution.failures, window, benchmark);
        const metrics = {
            deploymentFrequency,
            leadTime,
            changeFailureRate,
            failedDeploymentRecoveryTime,
            reworkRate: reworkRateOf(counted, window),
        };
        return { ...metrics, overallTier: overallTier(TIERED_METRICS.map((key) => metrics[key].tier)) };
    };
    return {
        window: { start: windows.current.start, end: windows.current.end, days: input.days },
        previousWindow: { start: windows.previous.start, end: windows.previous.end, historyFrom: historyFrom(history.deployments, windows) },
        source: input.source,
        benchmark,
        metrics: metricsOf('current'),
        previous: metricsOf('previous'),
        deployments: counted.map(({ index: _index, ...deployment }) => deployment),
        changes,
        failures: attribution.failures,
        unattributedIncidents: attribution.unattributedIncidents,
    };
}

var __webpack_exports__AUTO_SOURCE_ORDER = __webpack_exports__.fV;
var __webpack_exports__BENCHMARK_YEARS = __webpack_exports__.D5;
var __webpack_exports__DAY_MS = __webpack_exports__.sO;
var __webpack_exports__DEFAULT_ENVIRONMENT_PATTERN = __webpack_exports__.RE;
var __webpack_exports__DEPLOYMENT_SOURCES = __webpack_exports__.VT;
var __webpack_exports__FAILURE_SIGNALS = __webpack_exports__.nw;
var __webpack_exports__HOUR_MS = __webpack_exports__.iQ;
var __webpack_exports__TIERS = __webpack_exports__.iB;
var __webpack_exports__TIER_TABLES = __webpack_exports__.ni;
var __webpack_exports__changeFailureRateTier = __webpack_exports__.Pm;
var __webpack_exports__chooseSource = __webpack_exports__.LV;
var __webpack_exports__compare = __webpack_exports__.UD;
var __webpack_exports__compareDeployments = __webpack_exports__.cb;
var __webpack_exports__computeMetrics = __webpack_exports__.pH;
var __webpack_exports__deploymentFrequencyTier = __webpack_exports__.Yh;
var __webpack_exports__deploymentsFromGitHubDeployments = __webpack_exports__.sR;
var __webpack_exports__deploymentsFromMerges = __webpack_exports__.m9;
var __webpack_exports__deploymentsFromReleases = __webpack_exports__.lm;
var __webpack_exports__deploymentsFromWorkflowRuns = __webpack_exports__._k;
var __webpack_exports__durationStats = __webpack_exports__.kR;
var __webpack_exports__inDeploymentOrder = __webpack_exports__.Zt;
var __webpack_exports__isDeployWorkflowFile = __webpack_exports__.jh;
var __webpack_exports__isInRange = __webpack_exports__.h$;
var __webpack_exports__leadTimeTier = __webpack_exports__.AC;
var __webpack_exports__mean = __webpack_exports__.i2;
var __webpack_exports__median = __webpack_exports__.JZ;
var __webpack_exports__outcomeOf = __webpack_exports__.sG;
var __webpack_exports__overallTier = __webpack_exports__.wi;
var __webpack_exports__p90 = __webpack_exports__.mz;
var __webpack_exports__p95 = __webpack_exports__.f3;
var __webpack_exports__quantile = __webpack_exports__.YV;
var __webpack_exports__recoveryTimeTier = __webpack_exports__.XI;
var __webpack_exports__reportWindows = __webpack_exports__.qW;
var __webpack_exports__windowOf = __webpack_exports__.Ou;
var __webpack_exports__withheldMetrics = __webpack_exports__.TC;
export { __webpack_exports__AUTO_SOURCE_ORDER as AUTO_SOURCE_ORDER, __webpack_exports__BENCHMARK_YEARS as BENCHMARK_YEARS, __webpack_exports__DAY_MS as DAY_MS, __webpack_exports__DEFAULT_ENVIRONMENT_PATTERN as DEFAULT_ENVIRONMENT_PATTERN, __webpack_exports__DEPLOYMENT_SOURCES as DEPLOYMENT_SOURCES, __webpack_exports__FAILURE_SIGNALS as FAILURE_SIGNALS, __webpack_exports__HOUR_MS as HOUR_MS, __webpack_exports__TIERS as TIERS, __webpack_exports__TIER_TABLES as TIER_TABLES, __webpack_exports__changeFailureRateTier as changeFailureRateTier, __webpack_exports__chooseSource as chooseSource, __webpack_exports__compare as compare, __webpack_exports__compareDeployments as compareDeployments, __webpack_exports__computeMetrics as computeMetrics, __webpack_exports__deploymentFrequencyTier as deploymentFrequencyTier, __webpack_exports__deploymentsFromGitHubDeployments as deploymentsFromGitHubDeployments, __webpack_exports__deploymentsFromMerges as deploymentsFromMerges, __webpack_exports__deploymentsFromReleases as deploymentsFromReleases, __webpack_exports__deploymentsFromWorkflowRuns as deploymentsFromWorkflowRuns, __webpack_exports__durationStats as durationStats, __webpack_exports__inDeploymentOrder as inDeploymentOrder, __webpack_exports__isDeployWorkflowFile as isDeployWorkflowFile, __webpack_exports__isInRange as isInRange, __webpack_exports__leadTimeTier as leadTimeTier, __webpack_exports__mean as mean, __webpack_exports__median as median, __webpack_exports__outcomeOf as outcomeOf, __webpack_exports__overallTier as overallTier, __webpack_exports__p90 as p90, __webpack_exports__p95 as p95, __webpack_exports__quantile as quantile, __webpack_exports__recoveryTimeTier as recoveryTimeTier, __webpack_exports__reportWindows as reportWindows, __webpack_exports__windowOf as windowOf, __webpack_exports__withheldMetrics as withheldMetrics };
