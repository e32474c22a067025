#!/usr/bin/env bash
# Install everything, ingest seeds/, extract their claims and start the app on http://127.0.0.1:8501 with the embedded model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
claimcheck ingest seeds
# Claims of the seeds (seconds; unchanged articles cost nothing on later starts). Cross-checking
# them is one click on the Library page, or `claimcheck crosscheck`.
claimcheck extract
exec streamlit run app.py --server.address=127.0.0.1 --server.headless=true \
  --browser.gatherUsageStats=false "$@"
