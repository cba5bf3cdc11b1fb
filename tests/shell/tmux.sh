# What the pty tests share: a tmux server of their own and a patient wait.
# Source it after tests/lib.sh with sock set, then define screen [TARGET]
# (the capture-pane the test reads; TARGET is empty for the test's one pane).
tmux=${TMUX_BIN:-tmux}
command -v "$tmux" >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
t() { "$tmux" -L "$sock" "$@"; }
# wait_in TARGET TEXT [TENTHS]: until screen TARGET shows TEXT, for up to
# TENTHS tenths of a second; 300 by default, for a sanitizer build on a busy
# machine is slow (a test that passes waits only as long as its text takes)
wait_in() {
	i=0
	while [ $i -lt "${3:-300}" ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
# wait_for TEXT [TENTHS]: the same on the test's one pane
wait_for() { wait_in "" "$@"; }
