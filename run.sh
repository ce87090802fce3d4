#!/usr/bin/env bash
# Runs Streamer Studio on http://localhost:${PORT:-5080}.
# Without ConnectionStrings__Default it starts its own PostgreSQL in .data/postgres (kept between runs).
# Seeds a demo creator and an admin and prints their logins.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

if [ -z "${ConnectionStrings__Default:-}" ]; then
  ensure_postgres
fi
ensure_render_fonts

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Demo__Seed="${Demo__Seed:-true}"
exec dotnet run --project StreamerStudio.Web -c Release -- --urls "http://localhost:${PORT:-5080}" --NotificationMail:AppBaseUrl "http://localhost:${PORT:-5080}/" "$@"
