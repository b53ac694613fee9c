/**
 * The GraphQL documents, one per source. Each asks for `rateLimit { cost remaining }` so the
 * report can show the points spent. Page sizes are GitHub's maximum (100) to keep the request
 * count near the floor of one request per 100 items.
 */

const RATE_LIMIT = 'rateLimit { cost remaining }';
const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

/**
 * What every commit of the branch history read carries. The parents' dates prove a history read in
 * slices by date (history-slices.ts): git lists history by committed date, which holds only while no
 * parent is dated after its child.
 */
const HISTORY_COMMIT_FIELDS = `
  oid
  committedDate
  authoredDate
  message
  url
  author { email user { login } }
  parents(first: 5) { nodes { oid committedDate } }
  associatedPullRequests(first: 5) { nodes { number } }
`;

/** The branch history up to `until`, or (a slice) between `since` and `until`, both inclusive as git's are. */
export const BRANCH_HISTORY = /* GraphQL */ `
  query BranchHistory($owner: String!, $name: String!, $ref: String!, $since: GitTimestamp, $until: GitTimestamp, $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      ref(qualifiedName: $ref) {
        target {
          ... on Commit {
            oid
            history(first: 100, after: $after, since: $since, until: $until) {
              totalCount
              ${PAGE_INFO}
              nodes { ${HISTORY_COMMIT_FIELDS} }
            }
          }
        }
      }
    }
  }
`;

/** A commit's own history (a commit no branch holds any more): 100 a page, newest first. */
export const COMMIT_HISTORY = /* GraphQL */ `
  query CommitHistory($owner: String!, $name: String!, $oid: GitObjectID!, $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      object(oid: $oid) {
        ... on Commit {
          history(first: 100, after: $after) {
            ${PAGE_INFO}
            nodes { ${HISTORY_COMMIT_FIELDS} }
          }
        }
      }
    }
  }
`;

const PULL_REQUEST_COMMITS = `
  ${PAGE_INFO}
  nodes { commit { oid authoredDate message } }
`;

/** What every pull request read carries: the change, its labels, commits, reviews and size. */
const PULL_REQUEST_FIELDS = `
  number
  title
  url
  headRefName
  createdAt
  mergedAt
  updatedAt
  author { __typename login }
  mergeCommit { oid }
  labels(first: 100) { nodes { name } }
  additions
  deletions
  changedFiles
  reviews(first: 50, states: [APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED]) { nodes { author { __typename login } state submittedAt } }
  commits(first: 100) { ${PULL_REQUEST_COMMITS} }
`;

export const MERGED_PULL_REQUESTS = /* GraphQL */ `
  query MergedPullRequests($owner: String!, $name: String!, $base: String!, $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      pullRequests(first: 100, after: $after, states: [MERGED], baseRefName: $base, orderBy: { field: UPDATED_AT, direction: DESC }) {
        totalCount
        ${PAGE_INFO}
        nodes { ${PULL_REQUEST_FIELDS} }
      }
    }
  }
`;

/** MERGED_PULL_REQUESTS from its end: the page before `before` (the last page without). */
export const MERGED_PULL_REQUESTS_BEFORE = /* GraphQL */ `
  query MergedPullRequestsBefore($owner: String!, $name: String!, $base: String!, $before: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      pullRequests(last: 100, before: $before, states: [MERGED], baseRefName: $base, orderBy: { field: UPDATED_AT, direction: DESC }) {
        totalCount
        pageInfo { hasPreviousPage startCursor }
        nodes { ${PULL_REQUEST_FIELDS} }
      }
    }
  }
`;

/**
 * Pull requests by number, with the fields of MERGED_PULL_REQUESTS: those merged into another
 * branch whose merge commit later reached the production branch (the listing by base branch does
 * not hold them). The numbers are integers the caller checked.
 */
export function pullRequestsByNumber(numbers: readonly number[]): string {
  const fields = numbers.map((n, k) => `p${k}: pullRequest(number: ${Math.trunc(n)}) { ${PULL_REQUEST_FIELDS} }`).join('\n');
  return `query PullRequestsByNumber($owner: String!, $name: String!) { ${RATE_LIMIT} repository(owner: $owner, name: $name) { ${fields} } }`;
}

/** The rest of a pull request's commits beyond the first 100 (a 250-commit PR needs two more). */
export const PULL_REQUEST_MORE_COMMITS = /* GraphQL */ `
  query PullRequestCommits($owner: String!, $name: String!, $number: Int!, $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) {
        commits(first: 100, after: $after) { ${PULL_REQUEST_COMMITS} }
      }
    }
  }
`;

export const DEPLOYMENTS = /* GraphQL */ `
  query ProductionDeployments($owner: String!, $name: String!, $environments: [String!], $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      deployments(first: 100, after: $after, environments: $environments, orderBy: { field: CREATED_AT, direction: DESC }) {
        totalCount
        ${PAGE_INFO}
        nodes {
          id
          commitOid
          environment
          createdAt
          ref { name }
          statuses(first: 20) { nodes { state createdAt } }
        }
      }
    }
  }
`;

/** Deployments by node id: the ones an earlier run saw still in progress, re-read as they may have finished. */
export const DEPLOYMENT_NODES = /* GraphQL */ `
  query DeploymentNodes($ids: [ID!]!) {
    ${RATE_LIMIT}
    nodes(ids: $ids) {
      ... on Deployment {
        id
        commitOid
        environment
        createdAt
        ref { name }
        statuses(first: 20) { nodes { state createdAt } }
      }
    }
  }
`;

export const RELEASES = /* GraphQL */ `
  query Releases($owner: String!, $name: String!, $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      releases(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
        ${PAGE_INFO}
        nodes { databaseId tagName name url isDraft isPrerelease createdAt publishedAt tagCommit { oid } }
      }
    }
  }
`;

export const INCIDENT_ISSUES = /* GraphQL */ `
  query IncidentIssues($owner: String!, $name: String!, $labels: [String!], $after: String) {
    ${RATE_LIMIT}
    repository(owner: $owner, name: $name) {
      issues(first: 100, after: $after, labels: $labels, orderBy: { field: CREATED_AT, direction: DESC }) {
        ${PAGE_INFO}
        nodes { number title url createdAt closedAt labels(first: 100) { nodes { name } } }
      }
    }
  }
`;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<N> {
  pageInfo: PageInfo;
  nodes: N[];
  /** Asked where a kept listing is proved against it (src/github/listing.ts). */
  totalCount?: number;
}
