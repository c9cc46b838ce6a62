#!/usr/bin/env bash
# Installs everything govsite needs on a fresh Debian/Ubuntu machine, idempotently:
# system packages (when run as root, or with sudo) and a virtual environment in .venv with
# govsite and its test tools.  Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the product uses (kept in one place; the README lists why each is here).
#   fonts-noto-cjk   Chinese text in the charts of the scorecards
#   antiword catdoc  text of .doc/.wps and .xls/.et attachments for the content checks
#   zip              building test archives
#   chromium         the browser pass (load times, JavaScript-built lists, axe-core, screenshots)
#   postgresql       a store on PostgreSQL; the tests start a temporary cluster of their own with
#                    its initdb and pg_ctl (Debian's own cluster is not used)
#   tesseract-ocr tesseract-ocr-chi-sim   OCR of article images and scanned PDFs for the
#                    privacy rules (the Chinese model ships in the package: nothing downloads one)
APT_PACKAGES=(fonts-noto-cjk antiword catdoc zip chromium postgresql tesseract-ocr tesseract-ocr-chi-sim)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=none; fi
  if [ "$SUDO" = none ]; then
    echo "install.sh: please install these Debian packages as root: ${missing[*]}" >&2
  else
    echo "install.sh: installing ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
echo "install.sh: govsite installed in .venv (run .venv/bin/govsite --help)" >&2
