#!/usr/bin/env bash
# Sets everything up and starts Reintegra. On first start it creates the encrypted store (asking for a passphrase)
# and fills it with demo data. The store is the app's own (see the README), or REINTEGRA_DB.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/build-frontend.sh
cargo build --release -p reintegra-app -p reintegra-cli
# shellcheck source=display.sh
source .ci/display.sh
exec target/release/reintegra-app
