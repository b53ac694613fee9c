#!/usr/bin/env bash
# Moves the major tag (v1) to a release tag (v1.4.2), so `uses: org/dora-action@v1` runs it.
#
#   move-major-tag.sh <tag> [--prerelease] [--remote <name>] [--no-push]
#
# Run by .github/workflows/release.yml on a published release; docs/releasing.md says how to cut one.
# It refuses, with a message naming the problem, a tag that is not vMAJOR.MINOR.PATCH, a tag whose
# package.json version differs, or one without a built dist/index.js. It leaves the major tag where
# it is for a prerelease (a `-suffix` or --prerelease) and for a release older than the newest one
# of its major line (a v1.2.1 fix published after v1.3.0).
set -euo pipefail

tag="" prerelease=0 remote=origin push=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prerelease) prerelease=1 ;;
    --remote) remote="${2:?--remote needs a name}"; shift ;;
    --no-push) push=0 ;;
    -*) echo "move-major-tag: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$tag" ] || { echo "move-major-tag: one tag only (got '$tag' and '$1')" >&2; exit 2; }; tag="$1" ;;
  esac
  shift
done
[ -n "$tag" ] || { echo "usage: move-major-tag.sh <tag> [--prerelease] [--remote <name>] [--no-push]" >&2; exit 2; }

semver='^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'
if ! [[ "$tag" =~ $semver ]]; then
  echo "move-major-tag: '$tag' is not a release tag: use vMAJOR.MINOR.PATCH, e.g. v1.4.2" >&2
  exit 1
fi
major="v${BASH_REMATCH[1]}"
version="${tag#v}"
if [ -n "${BASH_REMATCH[4]}" ] || [ "$prerelease" = 1 ]; then
  echo "$tag is a prerelease: $major stays where it is."
  exit 0
fi

git rev-parse -q --verify "refs/tags/$tag" >/dev/null || { echo "move-major-tag: no tag $tag in this clone (fetch tags first)" >&2; exit 1; }
commit=$(git rev-parse "$tag^{commit}")

pkg_version=$(git show "$commit:package.json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).version))')
if [ "$pkg_version" != "$version" ]; then
  echo "move-major-tag: $tag is version $version but its package.json says $pkg_version: set \"version\": \"$version\", commit, and tag again" >&2
  exit 1
fi
if ! git cat-file -e "$commit:dist/index.js" 2>/dev/null; then
  echo "move-major-tag: $tag has no dist/index.js: run 'npm run build' and commit dist/ before tagging" >&2
  exit 1
fi

# The newest stable release of this major line; the major tag follows it, never an older one.
newest=$(git tag --list "$major.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1)
if [ "$newest" != "$tag" ]; then
  echo "$tag is older than $newest: $major stays on $newest."
  exit 0
fi

previous=$(git rev-parse -q --verify "refs/tags/$major^{commit}" || true)
if [ "$previous" = "$commit" ]; then
  echo "$major already points to $tag ($commit)."
else
  git tag --force "$major" "$commit" >/dev/null
  echo "$major now points to $tag ($commit)${previous:+, was $previous}."
fi
if [ "$push" = 1 ]; then
  git push --force "$remote" "refs/tags/$major"
fi
