#!/usr/bin/env bash
# Side-by-side redis-server vs skiff-server benchmark; see bench.py --help.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" "$@"
