# Sourced by scripts/test.sh: headless Chromium for tests/test_browser.py (Debian's package;
# Playwright drives it through executable_path, no browser download).  A fast no-op when present.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup.d/chromium: installing Debian's chromium for the browser tests" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || echo "setup.d/chromium: could not install chromium; the browser tests will be skipped" >&2
fi
if [ -x /usr/bin/chromium ]; then
  export DETENTE_CHROMIUM=/usr/bin/chromium
fi
