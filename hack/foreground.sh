# Sourced by the run-outside scripts: `foreground COMMAND…` runs the command in the background and
# waits for it, forwarding SIGTERM and SIGINT to it, so the script's EXIT trap still runs after the
# process has shut down (a foreground child would leave the script no chance to). Returns the
# process's own exit status.
foreground() {
  "$@" &
  FOREGROUND_PID=$!
  FOREGROUND_STOPPING=0
  trap 'FOREGROUND_STOPPING=1; kill -TERM "$FOREGROUND_PID" 2>/dev/null || true' TERM INT
  local status=0
  wait "$FOREGROUND_PID" || status=$?
  # A trapped signal interrupts `wait` (status above 128) while the process still shuts down: wait
  # for its own exit status, which bash keeps even when it has already exited.
  if [ "$FOREGROUND_STOPPING" = 1 ] && [ "$status" -gt 128 ]; then
    status=0
    wait "$FOREGROUND_PID" || status=$?
    # bash 5.2 answers 255 when the process exited while the trap ran (a signal to the whole process
    # group, as Ctrl-C sends): its status is lost, so report it as ended by that signal.
    if [ "$status" = 255 ]; then status=143; fi
  fi
  return "$status"
}
