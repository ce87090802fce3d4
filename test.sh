#!/usr/bin/env bash
# Runs every test: unit, bUnit, integration on a throwaway PostgreSQL and browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

ensure_postgres
ensure_render_fonts
ensure_chromium

exec dotnet test StreamerStudio.sln "$@"
