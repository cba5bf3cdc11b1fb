# Shell helpers for the TAP tests: sourced, never run.
n=0; failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# same TEXT EXPECTED DESCRIPTION
same() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3"; printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed '2,$s/^/#   /'
	fi
}
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; }
: "${CRYPTOLAB:?run through make check}"
: "${top_srcdir:?run through make check}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
