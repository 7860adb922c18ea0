#!/usr/bin/env bash
# The GitHub Action's one step (action.yml). Inputs arrive as environment
# variables, never pasted into this script by the runner, so a file name or
# branch name cannot inject shell (GitHub's hardening guide for actions).
#
#   PKICFG_FILES      configuration files to validate (space-separated, globs expanded here)
#   PKICFG_CANDIDATE  the file to plan (optional)
#   PKICFG_AGAINST    the file to plan against (optional; else PKICFG_STATE_DIR or nothing)
#   PKICFG_STATE_DIR  a state directory to plan against (optional)
#   PKICFG_STRICT     "true": warnings fail too
#
# Annotations come from `pkicfg validate --format github`; the plan goes to
# the job summary and to plan.json; outputs: valid, changed, plan.
set -uo pipefail

here="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
pkicfg="$here/dist/bundle/main.js"
if [[ ! -f "$pkicfg" ]]; then
  echo "pkicfg: building the bundle in $here (npm ci, then npm run bundle)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent bundle) || exit 1
fi
out="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

shopt -s nullglob globstar
files=()
for pattern in ${PKICFG_FILES:-}; do
  matched=($pattern)
  if ((${#matched[@]})); then files+=("${matched[@]}"); else files+=("$pattern"); fi
done
shopt -u nullglob

status=0
if ((${#files[@]})); then
  strict=()
  [[ "${PKICFG_STRICT:-false}" == "true" ]] && strict=(--strict)
  node "$pkicfg" validate --format github "${strict[@]}" -- "${files[@]}"
  rc=$?
  if ((rc == 0)); then echo "valid=true" >>"$out"; else echo "valid=false" >>"$out"; status=1; fi
fi

if [[ -n "${PKICFG_CANDIDATE:-}" ]]; then
  args=(plan --detailed-exitcode --out plan.json)
  if [[ -n "${PKICFG_AGAINST:-}" ]]; then args+=(--against "$PKICFG_AGAINST"); fi
  if [[ -n "${PKICFG_STATE_DIR:-}" ]]; then args+=(--state "$PKICFG_STATE_DIR"); fi
  text="$(node "$pkicfg" "${args[@]}" -- "$PKICFG_CANDIDATE")"
  rc=$?
  {
    echo "### pkicfg plan: \`$PKICFG_CANDIDATE\`"
    echo
    echo '```'
    printf '%s\n' "$text"
    echo '```'
  } >>"$summary"
  printf '%s\n' "$text"
  echo "plan=plan.json" >>"$out"
  case $rc in
    0) echo "changed=false" >>"$out" ;;
    2) echo "changed=true" >>"$out" ;;
    *) status=1 ;;
  esac
fi
exit $status
