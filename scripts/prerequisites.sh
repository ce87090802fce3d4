# Installs what the run and test commands need on a fresh Debian machine that has only the .NET SDK.
# Sourced by run.sh and test.sh; every step is skipped when its tool is already there.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "error: '$*' needs root and sudo is not available; install it by hand." >&2; return 1
  fi
}

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    echo "==> apt-get update"
    as_root apt-get update -qq
    apt_updated=yes
  fi
  echo "==> apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL server binaries (initdb, pg_ctl), used to run a private cluster as an unprivileged user.
ensure_postgres() {
  if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    :
  else
    apt_install postgresql
  fi
  # As root the cluster runs as the 'postgres' user; the Debian package creates it, binaries copied by hand may not.
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

# Debian's Chromium for the browser tests; Playwright is pointed at it and never downloads a browser.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
}

# Fallback fonts for the renderer: CJK and colour emoji. Too big to commit; the shipped fonts cover Latin, Arabic and Hebrew.
ensure_render_fonts() {
  if ! ls /usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc >/dev/null 2>&1; then
    apt_install fonts-noto-cjk
  fi
  if [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
    apt_install fonts-noto-color-emoji
  fi
}
