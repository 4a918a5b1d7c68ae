#!/usr/bin/env bash
# The project's single entry point. On a fresh Debian 12 machine (as root) it
# installs everything the project needs, then does the task:
#   ./project.sh render   set up, then render the main clip (scenes/forward.py) at 480p
#   ./project.sh test     set up, then run the whole test suite
#   ./project.sh bench    set up, check the redraws per frame (fails loudly if they grew), then print the
#                         compute, photo, class-batch, page, chapter, render, thread, still-hold and voice benchmarks
#   ./project.sh setup    set up only
# Every step is skipped when it is already done, so a second run starts at once.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  python3 python3-venv python3-dev build-essential pkg-config   # Python and compilers for pycairo/manimpango
  libpango1.0-dev                                              # Pango and Cairo headers (brings libcairo2-dev)
  fonts-dejavu-core                                            # one known font, so frames match across machines
  texlive-latex-base texlive-latex-extra dvisvgm               # MathTex (standalone.cls is in latex-extra)
  ca-certificates
  chromium chromium-driver                                     # the lesson page and slides, tested in a real browser
  festival festvox-us-slt-hts espeak-ng                        # the narrating voices (Festival's slt is the default)
)
# npm fetches reveal.js (the slides) by package name. Debian's npm package conflicts with a
# Node.js installed from elsewhere (which brings its own npm), so it is asked for only when missing.
command -v npm >/dev/null || APT_PACKAGES+=(npm)
VENV=.venv
# The reveal.js that manim-slides' HTML template is written for; the slides load it from the lesson folder.
REVEAL_VERSION=6.0.1
# OpenCV.js (OpenCV compiled to WebAssembly, Apache-2.0): the lesson page's photo path finds and flattens the page with it.
OPENCV_JS_VERSION=4.12.0-release.1

setup_apt() {
  if dpkg-query -W -f='${db:Status-Abbrev}\n' "${APT_PACKAGES[@]}" 2>/dev/null | grep -qv '^ii' \
     || ! dpkg-query -W "${APT_PACKAGES[@]}" >/dev/null 2>&1; then
    echo "==> installing Debian packages (needs root)"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || { echo "error: Debian packages are missing; run this as root once" >&2; exit 1; }
      sudo=sudo
    fi
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
  fi
}

setup_venv() {
  # Reinstall only when the pinned requirements or the system Python change.
  local stamp="$VENV/.installed" want
  want=$( (cat pyproject.toml; python3 --version) | sha256sum | cut -d' ' -f1)
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return; fi
  echo "==> creating $VENV with the pinned Python packages"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e '.[test,bench]'
  echo "$want" > "$stamp"
}

npm_package() {
  # npm_package NAME VERSION DEST: the npm package unpacked into DEST (with its LICENSE), stamped with its version.
  local name=$1 version=$2 dest=$3
  if [ "$(cat "$dest/.version" 2>/dev/null)" = "$version" ]; then return; fi
  echo "==> fetching $name $version from npm"
  local tmp
  tmp=$(mktemp -d)
  # Node trusts only its own CA list; a machine that reaches registries through its own CA names
  # it for pip (PIP_CERT) or OpenSSL (SSL_CERT_FILE), so hand that to npm as well.
  local ca="${NODE_EXTRA_CA_CERTS:-${PIP_CERT:-${SSL_CERT_FILE:-}}}"
  if ! (cd "$tmp" && NODE_EXTRA_CA_CERTS="$ca" npm pack --loglevel=error "$name@$version" >/dev/null \
        && tar xzf ./*.tgz); then
    echo "error: could not fetch $name $version from the npm registry (see npm's message above)" >&2
    rm -rf "$tmp"; exit 1
  fi
  rm -rf "$dest" && mkdir -p "$(dirname "$dest")" && mv "$tmp/package" "$dest" && rm -rf "$tmp"
  echo "$version" > "$dest/.version"
}

# Unpacked into the venv (share/..., with their LICENSE files); the lesson and slides commands copy what they need.
setup_revealjs() { npm_package reveal.js "$REVEAL_VERSION" "$VENV/share/reveal.js"; }
setup_opencvjs() { npm_package @techstark/opencv-js "$OPENCV_JS_VERSION" "$VENV/share/opencv-js"; }

setup_localhost() {
  # Selenium reaches chromedriver at "localhost"; a minimal root (debootstrap, some containers)
  # has no /etc/hosts to say where that is.
  if getent hosts localhost >/dev/null; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "warning: the name localhost does not resolve; the browser tests need it (add it to /etc/hosts)" >&2
    return
  fi
  echo "==> naming localhost in /etc/hosts"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >> /etc/hosts
}

setup() { setup_apt; setup_localhost; setup_venv; setup_revealjs; setup_opencvjs; }

case "${1:-}" in
  setup)  setup ;;
  render) setup; shift; exec "$VENV/bin/manim" -ql "$@" scenes/forward.py ForwardPass ;;
  test)   setup; shift; exec "$VENV/bin/python" -m pytest "$@" ;;
  bench)  setup; "$VENV/bin/python" bench/redraws.py; "$VENV/bin/python" bench/compute.py; "$VENV/bin/python" bench/photos.py
          "$VENV/bin/python" bench/batch.py; "$VENV/bin/python" bench/page.py; "$VENV/bin/python" bench/chapter.py
          "$VENV/bin/python" bench/render.py --native; "$VENV/bin/python" bench/render.py -q h --avx2
          "$VENV/bin/python" bench/threads.py --avx2; "$VENV/bin/python" bench/holds.py
          exec "$VENV/bin/python" bench/voice.py ;;
  *) echo "usage: ./project.sh setup|render|test|bench" >&2; exit 2 ;;
esac
