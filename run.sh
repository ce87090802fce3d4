#!/usr/bin/env bash
# Runs Streamer Studio on http://localhost:${PORT:-5080}.
# Without ConnectionStrings__Default it starts its own PostgreSQL in .data/postgres (kept between runs).
# Seeds a demo creator and an admin and prints their logins.
#
# By default two processes: the web app (pages only) and one `--worker` process that renders, started under
# `nice -n ${WORKER_NICE:-10}` so that on a busy machine the OS runs circuits before renders (README, "Render workers
# and the UI"). Generation__RunWorkerInWeb=true ./run.sh runs the job server inside the web process instead, as before;
# ./run.sh --worker starts one more worker process against a running app's database.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

if [ -z "${ConnectionStrings__Default:-}" ]; then
  ensure_postgres
fi
ensure_render_fonts

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The worker is a generic host, which reads DOTNET_ENVIRONMENT rather than ASPNETCORE_ENVIRONMENT.
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-$ASPNETCORE_ENVIRONMENT}"
export Demo__Seed="${Demo__Seed:-true}"
port="${PORT:-5080}"
web=(--urls "http://localhost:$port" --NotificationMail:AppBaseUrl "http://localhost:$port/")

if [ "${1:-}" = "--worker" ]; then
  exec dotnet run --project StreamerStudio.Web -c Release -- "$@"
fi
if [ "${Generation__RunWorkerInWeb:-false}" = "true" ]; then
  exec dotnet run --project StreamerStudio.Web -c Release -- "${web[@]}" "$@"
fi

dotnet build StreamerStudio.Web -c Release -v quiet -nologo
app=StreamerStudio.Web/bin/Release/net10.0/StreamerStudio.Web.dll
export Generation__RunWorkerInWeb=false
dotnet "$app" "${web[@]}" "$@" &
web_pid=$!
worker_pid=
trap 'kill $web_pid $worker_pid 2>/dev/null || true' EXIT INT TERM
# The worker joins the database the web process started (or was given), so it starts once the app answers.
# Asked with bash's own /dev/tcp: a fresh machine need not have curl.
healthy() {
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  local status
  read -r _ status _ <&3 || true
  exec 3>&-
  [ "$status" = "200" ]
}
until healthy; do
  kill -0 "$web_pid" 2>/dev/null || { wait "$web_pid"; exit $?; }
  sleep 0.5
done
nice -n "${WORKER_NICE:-10}" dotnet "$app" --worker &
worker_pid=$!
# Either process stopping stops the run: a web app whose worker died would take jobs and never render them.
set +e
wait -n "$web_pid" "$worker_pid"
status=$?
echo "A Streamer Studio process stopped (exit $status); stopping the other." >&2
exit "$status"
