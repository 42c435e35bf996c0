#!/usr/bin/env bash
# The README's first command: the embedded default with its demo, on a fresh Debian 12 machine. Installs the Debian
# packages the demo tracks need when they are missing (idempotent), then runs the app on http://127.0.0.1:5000.
# Arguments go to the app: `--urls http://127.0.0.1:5001` serves elsewhere; `reset-demo-passwords` prints new
# passwords for the demo accounts instead of serving.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  python3 python3-numpy  # the unseen-data track's data set generator
  python3-torch          # the unseen-data baseline package imports torch when it is scored
  python3-torchvision python3-sklearn  # the official starting kit's packages import them (requirements.txt)
  dataset-fashion-mnist  # the supernet and unseen-data tracks' images
  bubblewrap             # the sandbox unseen-data packages run in
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "installing Debian packages the demo needs: ${missing[*]}"
  # Not fatal: without them the app still starts, and names per track what is missing.
  if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
    echo "could not install ${missing[*]}: starting without them" >&2
  fi
fi

command -v dotnet >/dev/null || { echo "dotnet is missing: install the .NET 10 SDK (https://dot.net)" >&2; exit 1; }

args=("$@")
case " ${args[*]-} " in
  " reset-demo-passwords "* | *" --urls "* | *" --urls="*) ;;
  *) args+=(--urls http://127.0.0.1:5000) ;;
esac
exec dotnet run --project src/NasArena.AllInOne -- "${args[@]}"
