#!/usr/bin/env bash
# Smoke test of `resdraft review` in a real terminal (tmux), as over SSH: 80x24, keys typed,
# the screen read back, the session file checked, the program killed and resumed, NO_COLOR.
# Not part of pytest. Run from the repository root:  bash tests/tui/tmux_smoke.sh
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RESDRAFT=${RESDRAFT:-$ROOT/.venv/bin/resdraft}
PY=${PY:-$ROOT/.venv/bin/python}
WORK=$(mktemp -d)
SOCK="resdraft-smoke-$$"
T="tmux -L $SOCK"
passed=0 failed=0
cleanup() { $T kill-server 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cp "$ROOT"/resolutions/res-140.xml "$ROOT"/proposals/rcc-140.xml "$ROOT"/proposals/chn-140.xml "$WORK"/
cd "$WORK" || exit 2

check() {  # check NAME COMMAND...: count and report
  if "${@:2}"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}
screen() { $T capture-pane -p -t smoke; }
wait_for() {  # wait_for TEXT: up to 20 s for TEXT on the screen
  for _ in $(seq 1 100); do screen | grep -qF -- "$1" && return 0; sleep 0.2; done
  echo "--- screen, waiting for: $1"; screen; return 1
}
stop() { $T kill-server 2>/dev/null; for _ in $(seq 1 50); do $T has-session 2>/dev/null || break; sleep 0.1; done; sleep 0.3; }
keys() { for k in "$@"; do $T send-keys -t smoke "$k"; sleep 0.4; done; }
decisions() { "$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["decisions"]))' s.json; }
start() {  # start [ENV...]: the review in a fresh 80x24 tmux window
  $T new-session -d -s smoke -x 80 -y 24 \
    "env TERM=xterm-256color $* $RESDRAFT review res-140.xml rcc-140.xml chn-140.xml --session s.json --reviewer smoke; sleep 30"
}

start
check "the screen comes up at 80x24" wait_for "14 changes · 14 pending"
check "the footer lists the keys" wait_for "a Accept"
keys a r
check "two decisions on screen" wait_for "1 accepted · 1 rejected"
check "two decisions in the session file at once" test "$(decisions)" = 2
keys "?"
check "help screen" wait_for "keep in square brackets"
keys Escape j
stop  # killed, not quit: nothing may be lost
check "the session file survived the kill" test "$(decisions)" = 2

start
check "resumed with the decisions" wait_for "1 accepted · 1 rejected"
check "resumed on the same change" wait_for "noting b)   PENDING"
keys q
check "q quits and says where the session is" wait_for "session saved in s.json"
stop

start NO_COLOR=1 "EDITOR='sed -i s/held/convened/'"
check "NO_COLOR: the marks are still there" wait_for "{-is to hold-}{+held+}"
keys E
check "\$EDITOR: the agreed text is kept" wait_for "EDITED"
check "\$EDITOR: and written to the session" grep -q "General Assembly convened, in December" s.json
stop

echo "tmux smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
