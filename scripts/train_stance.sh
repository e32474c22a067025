#!/usr/bin/env bash
# Train the stance classifier (MiniLM-L6 cross-encoder) that ships in verifier/weights/stance, on
# the training splits in ../shared, and tune its evidence threshold on held-out SciFact train
# claims. About 70 minutes on 2 CPU cores. The result goes to $CLAIMCHECK_DATA_DIR/stance-model
# (default data/stance-model), which the app uses from the next check on; `--package` also
# writes it, in fp16, over the packaged model with its MODEL_CARD.md (the recipe of the release).
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGE=0
[ "${1:-}" = "--package" ] && PACKAGE=1
# The labelled sets live beside the repository; say so before a long install, not after it.
SHARED="${CLAIMCHECK_SHARED:-../shared}"
for need in benchdata/scifact benchdata/climate-fever benchdata/covid-fact traindata; do
  if [ ! -d "$SHARED/$need" ]; then
    echo "train_stance.sh: $SHARED/$need not found. This recipe trains on the labelled sets in" \
      "../shared (set CLAIMCHECK_SHARED to their folder); to train on your own labelled pairs:" \
      "claimcheck train-stance --data pairs.jsonl" >&2
    exit 2
  fi
done
bash scripts/install.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
DATA_DIR="${CLAIMCHECK_DATA_DIR:-data}"
OUT="$DATA_DIR/stance-model"
MINUTES="${CLAIMCHECK_TRAIN_MINUTES:-70}"
mkdir -p "$DATA_DIR"
# Train splits only: SciFact train less its held-out claims (id % 4 == 0, for the threshold
# below), Climate-FEVER less its reported split, COVID-Fact train, ../shared/traindata without
# nli-base-protocol (its news premises make the second news dev set, bench/newsdev). On top:
# negated claims, and contradicting rewrites (a changed figure, year or name: bench/perturb.py)
# and on-topic unrelated pairs, all made from training pairs.
MIX="--holdout --hard-negatives 3 --negations --covid-fact --perturb 2500 --topic-negatives 3000
  --cap vitaminc 20000 --cap fever-nli 6000 --cap nli-base-protocol 0"
python -m bench.make_stance_training --out "$DATA_DIR/stance-train.jsonl" $MIX
# One pass, its learning-rate schedule fitted to the time budget.
claimcheck train-stance --kind cross-encoder --data "$DATA_DIR/stance-train.jsonl" \
  --out "$OUT" --lr 5e-5 --minutes "$MINUTES"
# The P(relevant) a passage needs to count as evidence, chosen on claims never trained on.
CLAIMCHECK_STANCE_MODEL="$OUT" python -m bench.eval_scifact --split train-holdout --write-threshold \
  --name scifact_train_holdout_tuning
if [ "$PACKAGE" = 1 ]; then
  python -m bench.package_stance "$OUT" verifier/weights/stance
fi
