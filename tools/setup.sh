#!/usr/bin/env bash
# Set up a development environment from nothing: the Debian packages the tests use
# (LibreOffice Writer and Impress, poppler, metric-compatible fonts, Noto fonts for the
# scripts Office fonts lack: Chinese, Japanese, Korean, Arabic, Hebrew, Devanagari...) and a
# virtual environment in .venv with exporter (editable) and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(libreoffice-writer-nogui libreoffice-impress-nogui poppler-utils
                 fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2
                 fonts-dejavu-core fonts-noto-core fonts-noto-cjk)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing Debian packages: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "Warning: install ${missing[*]} for the LibreOffice tests and exact fonts" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >&2
.venv/bin/python -m pip install -q -e '.[test]' >&2
echo "Ready: .venv/bin/exporter, .venv/bin/python -m pytest" >&2
