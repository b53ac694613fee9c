/**
 * The tiny datasets of __tests__/e2e/fidelity.test.ts: one per class of wrong numbers of issue 9, each a
 * repository of its own (`acme/fidelity-<class>`) so one emulator serves them all. Built with the oracle's
 * builder (__tests__/oracle/build.ts); every time is `day(d, h)`, days after 2026-01-01.
 *
 * The window is [day 30, day 60) and the previous window [day 0, day 30) (`until` = day 60, 30 days), so
 * the history read goes back to the last deployment before day 0.
 */
import { Builder, day } from '../oracle/build.js';
import { numericId } from '../emulator/dataset.js';
import { deploymentNodeId } from '../emulator/node-ids.js';

export const UNTIL = day(60);
export const OWNER = 'acme';

export interface FidelityCase {
  /** owner/name of its repository. */
  readonly repository: string;
  readonly dataset: any;
  /** Action inputs (and the oracle's): `until` and `days` are added by the test. */
  readonly inputs: Record<string, string>;
}

/** A builder for repository `fidelity-<key>` with a root commit on main authored at `rootAt`. */
function start(key: string, rootAt = day(-5), now = UNTIL): { b: Builder; root: string; repository: string } {
  const b = new Builder(now);
  b.ds.repository.name = `fidelity-${key}`;
  const root = b.commit({ at: rootAt, message: 'Initial commit' });
  b.branch('main', root);
  return { b, root, repository: `${OWNER}/fidelity-${key}` };
}

const workflow = { 'deployment-source': 'workflow' };
const deploymentsSource = { 'deployment-source': 'deployments' };

/**
 * Class 1. PR A: its own commit authored on day 40, its merge commit authored (clock skew) on day 20.
 * PR B: its own commit authored (clock skew) on day 43, after the deployment of day 42 that ships it;
 * its merge commit authored on day 41. The start is the own commits' earliest authored date: A measured
 * from day 40 (2 days), B skipped (negative). Before the fix the merge commit's date counted: A from
 * day 20 (22 days) and B measured from day 41.
 */
export function class1() {
  const { b, root, repository } = start('1');
  b.run({ sha: root, at: day(-1) });
  const a1 = b.commit({ parents: [root], at: day(40), message: 'Add cart' });
  const prA = b.nextNumber();
  const mergeA = b.commit({
    parents: [root, a1],
    at: day(41),
    authoredAt: day(20),
    message: `Merge pull request #${prA} from acme/cart`,
  });
  b.pr({ number: prA, title: 'Add cart', createdAt: day(40, 1), mergedAt: day(41), mergeCommitSha: mergeA, commits: [a1] });
  const b1 = b.commit({ parents: [mergeA], at: day(41, 1), authoredAt: day(43), message: 'Add checkout' });
  const prB = b.nextNumber();
  const mergeB = b.commit({
    parents: [mergeA, b1],
    at: day(41, 2),
    message: `Merge pull request #${prB} from acme/checkout`,
  });
  b.pr({ number: prB, title: 'Add checkout', createdAt: day(41, 1), mergedAt: day(41, 2), mergeCommitSha: mergeB, commits: [b1] });
  b.branch('main', mergeB);
  const deploy = b.run({ sha: mergeB, at: day(42) });
  return { repository, dataset: b.build(), inputs: workflow, prA, prB, deploy };
}

/**
 * Class 2. main: root (day -5) <- B (day 5) <- C (day 35); release/1 forks from B with X (day 6).
 * The first deployment ever ran X (day 7, previous window); then C was deployed (day 40). X's deployment
 * has no baseline and ships root and B (unmeasured); C's deployment has X's as its baseline and C is
 * measured. Before the fix the first deployment of a main commit was taken to have no baseline: root,
 * B and C all unmeasured in the current window.
 */
export function class2() {
  const { b, root, repository } = start('2');
  const B = b.commit({ parents: [root], at: day(5) });
  const C = b.commit({ parents: [B], at: day(35) });
  const X = b.commit({ parents: [B], at: day(6), message: 'Release 1: pin versions' });
  b.branch('main', C).branch('release/1', X);
  const deployX = b.deploy(X, day(7), { ref: 'release/1' });
  const deployC = b.deploy(C, day(40));
  return { repository, dataset: b.build(), inputs: deploymentsSource, root, B, C, X, deployX, deployC };
}

/**
 * Class 3. main: root <- B (day 35) <- C (day 37); release/1 forks from B with X (day 35, 12h), deployed on
 * day 36. B's first deployment is X's (lead time 1 day), C's is the deployment of day 40 (3 days). Before
 * the fix B ran to day 40 (5 days).
 */
export function class3() {
  const { b, root, repository } = start('3');
  b.deploy(root, day(-1));
  const B = b.commit({ parents: [root], at: day(35) });
  const X = b.commit({ parents: [B], at: day(35, 12), message: 'Release 1: pin versions' });
  const C = b.commit({ parents: [B], at: day(37) });
  b.branch('main', C).branch('release/1', X);
  const deployX = b.deploy(X, day(36), { ref: 'release/1' });
  const deployC = b.deploy(C, day(40));
  return { repository, dataset: b.build(), inputs: deploymentsSource, B, C, X, deployX, deployC };
}

/**
 * Class 4 (a). main: R0 (day -50) <- R1 (day -20) <- C (day 35). R0 was deployed on day -45, R1 on day -2
 * (the last deployment before the previous window: the history read stops at R1). C is deployed on
 * day 36, then R0 again on day 40: a rollback past the history read. C's deployment failed, recovered in
 * 4 days. Before the fix the rollback was missed.
 */
export function class4a() {
  const { b, root: R0, repository } = start('4a', day(-50));
  b.run({ sha: R0, at: day(-45) });
  const R1 = b.commit({ parents: [R0], at: day(-20) });
  b.run({ sha: R1, at: day(-2) });
  const C = b.commit({ parents: [R1], at: day(35) });
  b.branch('main', C);
  const deployC = b.run({ sha: C, at: day(36) });
  const rollback = b.run({ sha: R0, at: day(40) });
  return { repository, dataset: b.build(), inputs: workflow, R0, deployC, rollback };
}

/**
 * Class 4 (b). main: root (day -60) <- T (day -50, deployed day -45) <- R1 (day -10, deployed day -2) <- C
 * (day 32, deployed day 33) <- V (day 35, deployed day 36), V a direct push reverting T by its full SHA.
 * T shipped before the deployments read: the revert fails nothing in either window (V's deployment is
 * still rework). Before the fix the hotfix rule blamed C's deployment, live when V was authored.
 */
export function class4b() {
  const { b, root, repository } = start('4b', day(-60));
  const T = b.commit({ parents: [root], at: day(-50), message: 'Add feature T' });
  b.run({ sha: T, at: day(-45) });
  const R1 = b.commit({ parents: [T], at: day(-10) });
  b.run({ sha: R1, at: day(-2) });
  const C = b.commit({ parents: [R1], at: day(32) });
  const deployC = b.run({ sha: C, at: day(33) });
  const V = b.commit({ parents: [C], at: day(35), message: `Revert "Add feature T"\n\nThis reverts commit ${T}.` });
  b.branch('main', V);
  const deployV = b.run({ sha: V, at: day(36) });
  return { repository, dataset: b.build(), inputs: workflow, T, deployC, deployV };
}

/**
 * Class 5. main: root <- B (day 34, deployed day 35) <- V (day 36, deployed day 37), V a direct push saying
 * `This reverts commit <first 7 hex digits of B>`. B's deployment failed, recovered in 2 days. Before the
 * fix only 40 hex digits were read: no revert, no failure, no rework.
 */
export function class5() {
  const { b, root, repository } = start('5');
  b.run({ sha: root, at: day(-1) });
  const B = b.commit({ parents: [root], at: day(34), message: 'Add search' });
  const deployB = b.run({ sha: B, at: day(35) });
  const V = b.commit({ parents: [B], at: day(36), message: `Take search out\n\nThis reverts commit ${B.slice(0, 7)}.` });
  b.branch('main', V);
  const deployV = b.run({ sha: V, at: day(37) });
  return { repository, dataset: b.build(), inputs: workflow, B, deployB, deployV };
}

/**
 * Class 6. One pull request (title not `Revert "...`) with two commits: P1 adds a flag, P2 says
 * `This reverts commit <P1>`. Deployed on day 36 with both: a rework deployment, and no failure (the
 * reverted commit never ran in production alone). Before the fix a pull request's commits reverting its
 * own commits were not read: no rework.
 */
export function class6() {
  const { b, root, repository } = start('6');
  b.run({ sha: root, at: day(-1) });
  const P1 = b.commit({ parents: [root], at: day(34), message: 'Add flag' });
  const P2 = b.commit({ parents: [P1], at: day(34, 1), message: `Revert "Add flag"\n\nThis reverts commit ${P1}.` });
  const number = b.nextNumber();
  const merge = b.commit({ parents: [root, P2], at: day(35), message: `Merge pull request #${number} from acme/flag` });
  b.pr({
    number,
    title: 'Try a flag, then take it out',
    head: 'flag',
    createdAt: day(34, 2),
    mergedAt: day(35),
    mergeCommitSha: merge,
    commits: [P1, P2],
  });
  b.branch('main', merge);
  const deploy = b.run({ sha: merge, at: day(36) });
  return { repository, dataset: b.build(), inputs: workflow, number, deploy };
}

/**
 * Class 7. main: root <- B (day 34) <- C (day 34, 1h). B and C are deployed by two GitHub Deployments whose
 * success statuses were created in the same second (day 35); B's has the smaller id, and their node ids
 * (GitHub's format, `DE_kw...`) sort the other way as text. In id order B then C: no rollback. Before the
 * fix the node id text put C first, and B after it looked like a rollback with a 0 s recovery.
 */
export function class7() {
  const { b, root, repository } = start('7');
  const repositoryId = numericId('repository', repository);
  // The smallest consecutive ids from 9 whose node ids sort, as text, the other way from the numbers.
  let small = 9;
  while (deploymentNodeId(repositoryId, small) < deploymentNodeId(repositoryId, small + 1)) small += 1;
  const large = small + 1;
  b.deploy(root, day(-1), { id: 1 });
  const B = b.commit({ parents: [root], at: day(34) });
  const C = b.commit({ parents: [B], at: day(34, 1) });
  b.branch('main', C);
  // Listed in the dataset as GitHub would never order them, so no order of the listing can help.
  b.deploy(C, day(35), { id: large });
  b.deploy(B, day(35), { id: small });
  return { repository, dataset: b.build(), inputs: deploymentsSource, B, C, small, large };
}

/**
 * Class 8. With `until` = day 60 (the dataset's clock is day 70): B's deployment succeeded on day 40, then a
 * `failure` status was posted on day 61, after `until`. Known at day 60 it is a deployment. Before the fix
 * the later status was used and the deployment dropped.
 */
export function class8() {
  const { b, root, repository } = start('8', day(-5), day(70));
  b.deploy(root, day(-1));
  const B = b.commit({ parents: [root], at: day(35) });
  b.branch('main', B);
  const deployB = b.deployment({
    sha: B,
    statuses: [
      ['in_progress', day(40)],
      ['success', day(40, 1)],
      ['failure', day(61)],
    ],
  });
  return { repository, dataset: b.build(), inputs: deploymentsSource, B, deployB };
}

/**
 * Class 9. PR #1 (commit P authored day 34) merges into `develop` on day 35 (merge commit M1); PR #2 merges
 * `develop` into main on day 37 (M2); M2 is deployed on day 38. PR #1's merge commit is on main: it is a
 * change, as is PR #2. Before the fix only pull requests into main were read: PR #1 was no change.
 */
export function class9() {
  const { b, root, repository } = start('9');
  b.run({ sha: root, at: day(-1) });
  const P = b.commit({ parents: [root], at: day(34), message: 'Add wishlist' });
  const pr1 = b.nextNumber();
  const M1 = b.commit({ parents: [root, P], at: day(35), message: `Merge pull request #${pr1} from acme/wishlist` });
  b.pr({
    number: pr1,
    title: 'Add wishlist',
    base: 'develop',
    head: 'wishlist',
    createdAt: day(34, 1),
    mergedAt: day(35),
    mergeCommitSha: M1,
    commits: [P],
  });
  const pr2 = b.nextNumber();
  const M2 = b.commit({ parents: [root, M1], at: day(37), message: `Merge pull request #${pr2} from acme/develop` });
  b.pr({
    number: pr2,
    title: 'Release develop',
    base: 'main',
    head: 'develop',
    createdAt: day(36),
    mergedAt: day(37),
    mergeCommitSha: M2,
    commits: [P, M1],
  });
  b.branch('main', M2).branch('develop', M1);
  const deploy = b.run({ sha: M2, at: day(38) });
  return { repository, dataset: b.build(), inputs: workflow, pr1, pr2, deploy };
}

/**
 * Class 10. A direct push K by `renovate[bot]` (day 34), then one by alice (day 34, 1h), deployed on day 35,
 * with `exclude-authors: renovate[bot]`. K is excluded. Before the fix its author came out null (GraphQL's
 * GitActor.user is null for a bot) and it was measured.
 */
export function class10() {
  const { b, root, repository } = start('10');
  b.run({ sha: root, at: day(-1) });
  const K = b.commit({ parents: [root], at: day(34), author: 'renovate[bot]', message: 'Update dependency zod to v4.7.0' });
  const H = b.commit({ parents: [K], at: day(34, 1), message: 'Use the new zod' });
  b.branch('main', H);
  const deploy = b.run({ sha: H, at: day(35) });
  return { repository, dataset: b.build(), inputs: { ...workflow, 'exclude-authors': 'renovate[bot]' }, K, H, deploy };
}

/**
 * Class 11, a re-run completing in the previous window. main: root <- c0 (day -7) <- c1 (day -6) <- c2
 * (day 39). Run W0 deploys c0 (created and completed day -3); run Wr on c1 was created on day -5 and its
 * second attempt completed on day 10; W2 deploys c2 on day 40. Wr is a deployment of the previous window.
 * Before the fix runs were read from one day before the previous window by creation: Wr was dropped (W0,
 * created later, was the baseline the older-runs query gave).
 */
export function class11rerun() {
  const { b, root, repository } = start('11a', day(-10));
  const c0 = b.commit({ parents: [root], at: day(-7) });
  const c1 = b.commit({ parents: [c0], at: day(-6) });
  const c2 = b.commit({ parents: [c1], at: day(39) });
  b.branch('main', c2);
  b.run({ sha: c0, at: day(-3), createdAt: day(-3, -1) });
  const rerun = b.run({ sha: c1, at: day(10), createdAt: day(-5), runAttempt: 2 });
  const deploy = b.run({ sha: c2, at: day(40) });
  return { repository, dataset: b.build(), inputs: workflow, c1, c2, rerun, deploy };
}

/**
 * Class 11, the baseline by completion. main: root <- c1 (day -11) <- c2 (day -10) <- c3 (day 39). Run W1 on
 * c2 was created on day -9 and its second attempt completed on day -1; W2 on c1 was created on day -6 and
 * completed on day -5; W3 deploys c3 on day 40. The last deployment before the previous window is W1
 * (completed last), so W3 ships c3 only. Before the fix the baseline was the run created last (W2): W3
 * shipped c2 too.
 */
export function class11baseline() {
  const { b, root, repository } = start('11b', day(-12));
  const c1 = b.commit({ parents: [root], at: day(-11) });
  const c2 = b.commit({ parents: [c1], at: day(-10) });
  const c3 = b.commit({ parents: [c2], at: day(39) });
  b.branch('main', c3);
  const w1 = b.run({ sha: c2, at: day(-1), createdAt: day(-9), runAttempt: 2 });
  b.run({ sha: c1, at: day(-5), createdAt: day(-6) });
  const deploy = b.run({ sha: c3, at: day(40) });
  return { repository, dataset: b.build(), inputs: workflow, c2, c3, w1, deploy };
}

/**
 * Class 11, a GitHub Deployment approved late. main: root <- c0 (day -7) <- c1 (day -6) <- c2 (day 39).
 * D0 deploys c0 (created and successful day -3); Dr deploys c1, created on day -5 and successful on day 10
 * (it waited for an approval); D2 deploys c2 on day 40. Dr is a deployment of the previous window. Before
 * the fix the listing (newest created first) stopped at D0 and Dr was never read.
 */
export function class11deployments() {
  const { b, root, repository } = start('11c', day(-10));
  const c0 = b.commit({ parents: [root], at: day(-7) });
  const c1 = b.commit({ parents: [c0], at: day(-6) });
  const c2 = b.commit({ parents: [c1], at: day(39) });
  b.branch('main', c2);
  b.deploy(c0, day(-3));
  const late = b.deployment({
    sha: c1,
    statuses: [
      ['queued', day(-5)],
      ['success', day(10)],
    ],
  });
  const deploy = b.deploy(c2, day(40));
  return { repository, dataset: b.build(), inputs: deploymentsSource, c1, c2, late, deploy };
}

/**
 * Class 12. The first deployment ever (day 35) ships root (alice) and K, a direct push by carol (day 34),
 * with `exclude-authors: carol`. With no baseline both are `unmeasured`, which comes before `excluded`.
 * Before the fix K was counted `excluded`.
 */
export function class12() {
  const { b, root, repository } = start('12');
  const K = b.commit({ parents: [root], at: day(34), author: 'carol' });
  b.branch('main', K);
  const deploy = b.run({ sha: K, at: day(35) });
  return { repository, dataset: b.build(), inputs: { ...workflow, 'exclude-authors': 'carol' }, root, K, deploy };
}

/** Class 13: commits after the first deployment. */
export const LARGE_COMMITS = 5_100;

/**
 * Class 13. The first deployment on record ships root (day 1, previous window); then 5,100 direct pushes,
 * five minutes apart from day 3, all shipped by the deployment of day 40. No deployment precedes the
 * previous window, so the history is read back to the first deployment: the report is complete, root is
 * unmeasured and the 5,100 changes are measured. Before the fix the read stopped after 5,000 commits:
 * complete false, and every change of day 40 unmeasured (its baseline's commit was not read).
 */
export function class13() {
  const { b, root, repository } = start('13', day(1));
  b.run({ sha: root, at: day(2) });
  let head = root;
  for (let i = 0; i < LARGE_COMMITS; i++) head = b.commit({ parents: [head], at: day(3, 0, 5 * i), message: `Step ${i + 1}` });
  b.branch('main', head);
  const deploy = b.run({ sha: head, at: day(40) });
  return { repository, dataset: b.build(), inputs: workflow, root, deploy };
}

/**
 * Class 14: a hotfix backported to a release branch. main: root (day -5) <- A (day 35), deployed on day
 * 36. release/1 forks from A; hotfix PR H (label `hotfix`) is merged into release/1 on day 37 and its
 * merge commit deployed from release/1 on day 38. H never reaches main, yet it ships with the day-38
 * deployment: the day-36 deployment failed and was recovered in 2 days. Before the fix H was not read
 * (the listing is by base branch) and no failure was found.
 */
export function class14() {
  const { b, root, repository } = start('14');
  b.deploy(root, day(-1));
  const A = b.commit({ parents: [root], at: day(35), message: 'Add cart' });
  b.branch('main', A);
  const failed = b.deploy(A, day(36));
  const hotfix = b.mergePr({
    onto: A,
    authored: [day(36, 12)],
    createdAt: day(36, 13),
    mergedAt: day(37),
    base: 'release/1',
    head: 'fix/cart',
    title: 'Fix cart totals',
    labels: ['hotfix'],
  });
  b.branch('release/1', hotfix.merge);
  const fix = b.deploy(hotfix.merge, day(38), { ref: 'release/1' });
  return {
    repository,
    dataset: b.build(),
    inputs: { ...deploymentsSource, 'failure-signals': 'hotfix' },
    failed,
    fix,
    hotfix: hotfix.number,
  };
}

/** Classes 15 and 16: PR K (its commit authored day -21) merged into develop, off root, on day -20. */
function searchIntoDevelop(b: Builder, root: string): { number: number; commits: string[]; merge: string } {
  return b.mergePr({
    onto: root,
    authored: [day(-21)],
    createdAt: day(-21, 1),
    mergedAt: day(-20),
    base: 'develop',
    head: 'feature/search',
    title: 'Faster search',
  });
}

/**
 * Class 15: a branch merged without a pull request holds commits older than the baseline's commit.
 * develop forks from root (day -40): PR K is merged into develop on day -20, then D2 is committed on it on
 * day 33. main: root <- P (day -10), deployed on day -5 (the baseline: the history read stops at P); on
 * day 35 `git merge develop` makes G (parents P, D2), deployed on day 36. Git lists history by date, so
 * the read holds G and D2 but not K's merge commit (day -20), which P does not contain: K is a change of
 * the day-36 deployment. Before the fix only a merge's second parents were followed, and K was missed.
 */
export function class15() {
  const { b, root, repository } = start('15', day(-40));
  const k = searchIntoDevelop(b, root);
  const D2 = b.commit({ parents: [k.merge], at: day(33), message: 'Develop: tidy up' });
  const P = b.commit({ parents: [root], at: day(-10), message: 'Pin versions' });
  b.deploy(P, day(-5));
  const G = b.commit({ parents: [P, D2], at: day(35), message: "Merge branch 'develop'" });
  b.branch('main', G).branch('develop', D2);
  const deploy = b.deploy(G, day(36));
  return { repository, dataset: b.build(), inputs: deploymentsSource, K: k.number, D2, G, deploy };
}

/**
 * Classes 16 and 17: main gets P (day -10), deployed on day -5 (the baseline: the history read stops at
 * P); PR R merges develop (head `develop`, own commits `own`) into main on day 35 with a merge commit,
 * deployed on day 36.
 */
function releaseDevelop(b: Builder, root: string, develop: string, own: string[]): { R: number; deploy: number } {
  const P = b.commit({ parents: [root], at: day(-10), message: 'Pin versions' });
  b.deploy(P, day(-5));
  const R = b.nextNumber();
  const G = b.commit({ parents: [P, develop], at: day(35), message: `Merge pull request #${R} from acme/develop` });
  b.pr({ number: R, title: 'Release develop', head: 'develop', createdAt: day(34), mergedAt: day(35), mergeCommitSha: G, commits: own });
  b.branch('main', G).branch('develop', develop);
  return { R, deploy: b.deploy(G, day(36)) };
}

/**
 * Class 16: a pull request merged into `develop`, which a pull request then merges into main. PR K is
 * merged into develop on day -20 (merge commit Km, GitHub's merge message naming #K); main: root <- P
 * (day -10), deployed on day -5 (the baseline); PR R merges develop into main on day 35 (merge commit G,
 * own commits K's commit and Km), deployed on day 36. K is a change of the day-36 deployment, from its
 * commit of day -21. Before the fix Km, older than the history read and no branch commit, hid K.
 */
export function class16() {
  const { b, root, repository } = start('16', day(-40));
  const k = searchIntoDevelop(b, root);
  const { R, deploy } = releaseDevelop(b, root, k.merge, [...k.commits, k.merge]);
  return { repository, dataset: b.build(), inputs: deploymentsSource, K: k.number, R, deploy };
}

/**
 * Class 17: like class 16, but K is rebased into develop: its commit k1 (authored day -21) is copied onto
 * root as k1c (committed day -20), K's merge commit, which no message names. PR R merges develop into main
 * on day 35 (own commits k1c), deployed on day 36. GitHub associates k1c with K: K is a change of the
 * day-36 deployment, from day -21. Before the fix K was missed.
 */
export function class17() {
  const { b, root, repository } = start('17', day(-40));
  const k = b.nextNumber();
  const k1 = b.commit({ parents: [root], at: day(-21), message: 'Faster search' });
  const k1c = b.commit({ parents: [root], at: day(-20), authoredAt: day(-21), message: 'Faster search', pullRequests: [k] });
  b.pr({
    number: k,
    title: 'Faster search',
    base: 'develop',
    createdAt: day(-21, 1),
    mergedAt: day(-20),
    mergeCommitSha: k1c,
    commits: [k1],
  });
  const { R, deploy } = releaseDevelop(b, root, k1c, [k1c]);
  return { repository, dataset: b.build(), inputs: deploymentsSource, K: k, R, deploy };
}

/**
 * Class 18 (a past `until`, fuzz seed 679918684). The old history O1 (day -40) <- O2 (day -30) <- O3
 * (day -20) ended in O3, deployed on day 5, the first deployment on record. A force push then made main
 * the new root N (day 35), deployed on day 40. On day 61, after `until`, a merge M of N and O2 brought
 * part of the old history back onto main. The branch is the head's history before the end (GitHub's
 * `history(until:)`), which holds O1 and O2: the day-5 deployment shares history with the branch and is
 * the baseline of the day-40 one, whose change N is measured (5 days); O1 and O2 are unmeasured, shipped
 * on day 5. Before the fix O3 was compared with the newest commit read (N), which shares nothing with
 * it: N came out unmeasured and O1, O2 not shipped.
 */
export function class18() {
  const { b, root: O1, repository } = start('18', day(-40));
  const O2 = b.commit({ parents: [O1], at: day(-30), message: 'Old history: settings page' });
  const O3 = b.commit({ parents: [O2], at: day(-20), message: 'Old history: release notes' });
  const early = b.deploy(O3, day(5));
  const N = b.commit({ at: day(35), message: 'Rewrite history' });
  const deployN = b.deploy(N, day(40));
  const M = b.commit({ parents: [N, O2], at: day(61), message: 'Merge the old history back' });
  b.branch('main', M);
  return { repository, dataset: b.build(), inputs: deploymentsSource, O1, O2, N, early, deployN };
}

/**
 * Class 19 (fuzz seed 679918736: a deployment created more than 30 days before the previous window).
 * X (day -90) was deployed on day -80; on day -60 and again on day -10 (the baseline) a rollback
 * redeployed the root A (day -95); on day 10 a roll-forward deployed X again; N (day 20) was deployed on
 * day 25. X's change was first deployed on day -80, before both windows: it is no change of theirs, and
 * the day-10 deployment ships nothing new. The source is read back to 30 days before the previous
 * window (day -30; a listing by GitHub Deployments stops one item further, at day -60), which misses the
 * day -80 deployment; before the fix X's change counted as measured on day 10 (100 days). Once with
 * GitHub Deployments, once with workflow runs (`source`).
 */
export function class19(source: 'deployments' | 'workflow') {
  const { b, root: A, repository } = start(`19${source[0]}`, day(-95));
  const deploy = (sha: string, at: string): number => (source === 'workflow' ? b.run({ sha, at }) : b.deploy(sha, at));
  const X = b.commit({ parents: [A], at: day(-90), message: 'Search page' });
  const first = deploy(X, day(-80));
  deploy(A, day(-60));
  deploy(A, day(-10));
  const forward = deploy(X, day(10));
  const N = b.commit({ parents: [X], at: day(20), message: 'Settings page' });
  const deployN = deploy(N, day(25));
  b.branch('main', N);
  return { repository, dataset: b.build(), inputs: source === 'workflow' ? workflow : deploymentsSource, X, N, first, forward, deployN };
}

/**
 * Class 20 (fuzz seeds 769950484, 769950667: the first deployment on record, of a history since
 * rewritten away). On the old history, hotfix PR H (labelled `hotfix`) merged on day 3, then C was
 * pushed on day 4 and deployed on day 5: the first deployment on record, in the previous window. A force
 * push then made main the new root N (day 40), deployed on day 45. The day-5 deployment shipped the old
 * history, H included: it is a rework deployment. Before the fix a deployment of a commit sharing no
 * history with the branch and with no deployment before it shipped that commit alone: no rework.
 */
export function class20() {
  const { b, root: O, repository } = start('20', day(1));
  const H = b.mergePr({
    onto: O,
    authored: [day(2)],
    createdAt: day(2, 1),
    mergedAt: day(3),
    head: 'fix/totals',
    title: 'Fix cart totals',
    labels: ['hotfix'],
  });
  const C = b.commit({ parents: [H.merge], at: day(4), message: 'Tidy the cart page' });
  const first = b.deploy(C, day(5));
  const N = b.commit({ at: day(40), message: 'Rewrite history' });
  const deployN = b.deploy(N, day(45));
  b.branch('main', N);
  return {
    repository,
    dataset: b.build(),
    inputs: { ...deploymentsSource, 'failure-signals': 'hotfix' },
    first,
    deployN,
    hotfix: H.number,
  };
}

/**
 * Class 21 (fuzz seed 770100423: a rollback to a commit older than the history read). A (day -40) is
 * first shipped by the deployment of B (day -2, before the windows, the baseline); the history is
 * read back to B only. The day-5 deployment rolls back to A, the day-10 one rolls forward to B, and
 * V, pushed on day 12 and deployed on day 15, reverts A. A was first shipped by the day -2
 * deployment, outside both windows: the revert fails nothing in them. Before the fix the rollback
 * deployment was taken for A's first shipment, so the revert failed it.
 */
export function class21() {
  const { b, root, repository } = start('21', day(-50));
  const A = b.commit({ parents: [root], at: day(-40), message: 'Fix login' });
  const B = b.commit({ parents: [A], at: day(-5), message: 'Speed up search' });
  const baseline = b.deploy(B, day(-2));
  const rollback = b.deploy(A, day(5));
  const forward = b.deploy(B, day(10));
  const V = b.commit({ parents: [B], at: day(12), message: `Revert "Fix login"\n\nThis reverts commit ${A}.` });
  const deployV = b.deploy(V, day(15));
  b.branch('main', V);
  return { repository, dataset: b.build(), inputs: deploymentsSource, A, baseline, rollback, forward, deployV };
}

/**
 * Class 22 (fuzz seeds 770100058, 770100186: an older history merged back after `until`). The old
 * root O is deployed from main on day 35 (the first deployment on record), a force push makes main
 * the new root N on day 40, and on day 70, after `until`, a pull request merges the old history (O
 * among its commits) back. At `until` O was on main and no merged pull request held it: a direct
 * push, shipped (unmeasured) by the day-35 deployment (docs/metrics.md "Time"). The action said so;
 * the oracle took O for the later pull request's commit, counted it nowhere, and was corrected.
 */
export function class22() {
  const { b, root: O, repository } = start('22', day(34), day(80));
  const first = b.run({ sha: O, at: day(35) });
  const N = b.commit({ parents: [], at: day(40), message: 'Rewrite history' });
  const deployN = b.run({ sha: N, at: day(45) });
  const number = b.nextNumber();
  const merge = b.commit({ parents: [N, O], at: day(70), message: `Merge pull request #${number} from acme/old` });
  b.pr({
    number,
    title: 'Bring the old history back',
    head: 'old',
    createdAt: day(69),
    mergedAt: day(70),
    mergeCommitSha: merge,
    commits: [O],
  });
  b.branch('main', merge);
  return { repository, dataset: b.build(), inputs: workflow, O, N, first, deployN };
}

/**
 * Class 23 (fuzz seed 770100732: a committer's clock a few hours fast, with a merge). Pull request
 * M merges on day -3 at 08:00; P, on top of it, is committed at 13:30; C, on P, says 05:30 (its
 * committer's clock was off), and is deployed from release/1 on day -2: the baseline. Main then merges
 * the release branch (X, parents M and C) and N on top is deployed on day 12. git lists history by
 * committed date, so M comes before C and P after it: stopping at the baseline's commit left P
 * unread, the baseline's hold on M unknown, and M counted as a change of the day-12 deployment.
 */
export function class23() {
  const { b, root, repository } = start('23', day(-10));
  const M = b.mergePr({ onto: root, authored: [day(-4)], createdAt: day(-4, 1), mergedAt: day(-3, 8), title: 'Speed up search' });
  const P = b.commit({ parents: [M.merge], at: day(-3, 13), message: 'Backport fix 1' });
  const C = b.commit({ parents: [P], at: day(-3, 5), message: 'Backport fix 2' });
  const baseline = b.deploy(C, day(-2), { ref: 'release/1' });
  const X = b.commit({ parents: [M.merge, C], at: day(-2, 1), message: "Merge branch 'release/1'" });
  const N = b.commit({ parents: [X], at: day(10), message: 'Settings page' });
  const deployN = b.deploy(N, day(12));
  b.branch('main', N);
  b.branch('release/1', C);
  return { repository, dataset: b.build(), inputs: deploymentsSource, M: M.number, N, baseline, deployN };
}

/**
 * Class 24 (fuzz seed 772300759: a rollback baseline after a deployment a force push removed). Pull
 * request M merges on day -20 onto W; X, on M, is deployed on day -12 (the first deployment on
 * record). On day -5 a deployment rolls back to W: the baseline, which does not hold M. A force push
 * then resets main to M, and Y on top is deployed on day 10. M was first shipped on day -12, outside
 * the windows. Before the fix the day -12 deployment, of the production branch and older than the
 * baseline, was taken to be held by it, so M counted as a change of the day-10 deployment.
 */
export function class24() {
  const { b, root, repository } = start('24', day(-30));
  const W = b.commit({ parents: [root], at: day(-25), message: 'New banner' });
  const M = b.mergePr({ onto: W, authored: [day(-21)], createdAt: day(-21, 1), mergedAt: day(-20), title: 'Fix login' });
  const X = b.commit({ parents: [M.merge], at: day(-15), message: 'Add cart' });
  const first = b.run({ sha: X, at: day(-12) });
  const baseline = b.run({ sha: W, at: day(-5) });
  const Y = b.commit({ parents: [M.merge], at: day(3), message: 'Redo after reset' });
  const deployY = b.run({ sha: Y, at: day(10) });
  b.branch('main', Y);
  return { repository, dataset: b.build(), inputs: workflow, M: M.number, Y, first, baseline, deployY };
}
