#!/bin/sh
# cryptolab's one set-up script, for a fresh Debian 12 machine or a developer's.
#   ./setup.sh run     install what is missing, build, and start the shell
#   ./setup.sh check   the same set-up, then the whole test suite: a normal
#                      build, a build with ASan+UBSan, the fuzz targets for a
#                      short while (when clang is there) and make distcheck.
#                      Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")" || exit 1
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${FUZZ_SECONDS:-20}

# What a build and the tests need, as Debian packages.
build_pkgs="gcc make autoconf automake libtool pkg-config libgcrypt20-dev libgpg-error-dev \
libgmp-dev libreadline-dev libgnutls28-dev libtasn1-6-dev libpari-dev libpcap-dev"
test_pkgs="tmux python3 openssl clang libclang-rt-14-dev pari-gp curl tshark \
chromium libnss3-tools"

install_missing() {
	missing=
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "setup: installing:$missing"
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
			echo "setup: run as root, or install them:  apt-get install$missing" >&2
			exit 1
		fi
	else
		sudo=
	fi
	$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing \
		>/dev/null || { echo "setup: apt-get install$missing failed" >&2; exit 1; }
}

# bootstrap once, then configure a build directory: configure_in DIR ARGS...
configure_in() {
	dir=$1; shift
	if [ ! -x configure ] || [ configure.ac -nt configure ]; then
		echo "setup: autoreconf"
		autoreconf -fi >/dev/null 2>&1 || { autoreconf -fi; exit 1; }
	fi
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ configure -nt "$dir/Makefile" ] \
	   || [ "$(cat "$dir/.args" 2>/dev/null)" != "$*" ]; then
		echo "setup: configure $* in $dir"
		(cd "$dir" && "$top/configure" -q "$@" >/dev/null 2>configure.err) \
			|| { cat "$dir/configure.err" >&2; exit 1; }
		echo "$*" > "$dir/.args"
	fi
}

passed=0 failed=0 skipped=0
# count LOG: add automake's "# PASS:" ... summary of a make check to the totals
count() {
	p=$(sed -n 's/^# PASS: *//p' "$1" | tail -1); x=$(sed -n 's/^# XFAIL: *//p' "$1" | tail -1)
	f=$(sed -n 's/^# FAIL: *//p' "$1" | tail -1); e=$(sed -n 's/^# ERROR: *//p' "$1" | tail -1)
	xp=$(sed -n 's/^# XPASS: *//p' "$1" | tail -1); s=$(sed -n 's/^# SKIP: *//p' "$1" | tail -1)
	passed=$((passed + ${p:-0} + ${x:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${xp:-0}))
	skipped=$((skipped + ${s:-0}))
	[ -n "$p" ] || failed=$((failed + 1))	# no summary at all: the build broke
}
result() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }

suite() {	# suite NAME DIR CONFIGURE-ARGS...
	name=$1 dir=$2; shift 2
	configure_in "$dir" "$@"
	echo "setup: make check ($name)"
	(cd "$dir" && make -j"$jobs" >build.log 2>&1) || { tail -30 "$dir/build.log"; failed=$((failed + 1)); return; }
	(cd "$dir" && make -j"$jobs" check VERBOSE=1 AM_COLOR_TESTS=no >check.log 2>&1)
	grep -E '^(PASS|FAIL|ERROR|SKIP|XPASS)' "$dir/check.log" | grep -v '^PASS' | sed "s/^/  [$name] /"
	grep -q '^# FAIL: *0$' "$dir/check.log" && grep -q '^# ERROR: *0$' "$dir/check.log" \
		|| sed -n '/^=* *$/,$p' "$dir/check.log" | grep -E '^(not ok|#   |FAIL|ERROR)' | head -80
	sed -n '/^# TOTAL/,/^# ERROR/p' "$dir/check.log" | sed "s/^/  [$name] /"
	grep -q '^# TOTAL' "$dir/check.log" || tail -30 "$dir/check.log"	# the tests did not even build
	count "$dir/check.log"
}

fuzz() {
	command -v clang >/dev/null 2>&1 || { echo "setup: no clang: fuzzing skipped"; return; }
	configure_in build-fuzz CC=clang --enable-fuzzing
	(cd build-fuzz && make -j"$jobs" >build.log 2>&1) || { tail -30 build-fuzz/build.log; failed=$((failed + 1)); return; }
	for f in build-fuzz/tests/fuzz/fuzz-*; do
		[ -x "$f" ] || continue
		t=$(basename "$f"); corpus="tests/fuzz/corpus-${t#fuzz-}"
		work=$(mktemp -d); [ -d "$corpus" ] && cp "$corpus"/* "$work"/ 2>/dev/null
		echo "setup: fuzzing $t for ${fuzz_seconds}s"
		if (cd build-fuzz && ASAN_OPTIONS=detect_leaks=1 "./tests/fuzz/$t" -max_total_time="$fuzz_seconds" \
		    -timeout=20 -rss_limit_mb=2048 -print_final_stats=0 "$work" >"$t.log" 2>&1); then
			result 0
		else
			result 1; tail -40 "build-fuzz/$t.log"
		fi
		rm -rf "$work"
	done
}

case "${1:-}" in
run)
	install_missing $build_pkgs
	configure_in build
	make -C build -j"$jobs" >/dev/null || make -C build
	shift; exec ./build/cryptolab "$@" ;;
check)
	install_missing $build_pkgs $test_pkgs
	suite normal build --enable-werror
	suite sanitizers build-san --enable-sanitizers --enable-werror
	fuzz
	echo "setup: make distcheck"
	if (cd build && make -j"$jobs" distcheck >distcheck.log 2>&1); then result 0; else
		result 1; tail -40 build/distcheck.log; fi
	echo "$passed passed, $failed failed${skipped:+, $skipped skipped}"
	[ "$failed" -eq 0 ] ;;
*)
	echo "usage: ./setup.sh run | ./setup.sh check" >&2
	exit 2 ;;
esac
