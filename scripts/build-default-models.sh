#!/usr/bin/env bash
# Builds the bundled default models in models/ with our own CLI, seeded and reproducible:
# a character-level GPT-2 and a WordPiece BERT pretrained on tiny Shakespeare (public domain).
# Each bundled folder keeps config, tokenizer, weights, onnx/ (pretrain writes it at every
# checkpoint) and training_summary.json; the optimizer state in training/ and the token cache
# are dropped (only resume needs them).
# Takes about 7 minutes on 2 (shared) cores.
# Usage: bash scripts/build-default-models.sh [gpt2] [bert]   (both when none is named)
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=models/corpus/tinyshakespeare.txt
COMMON=(--lr 1e-3 --min-lr 1e-4 --warmup 100 --weight-decay 0.1 --beta2 0.99 --clip 1.0
  --dropout 0 --val-fraction 0.1 --eval-batches 20 --checkpoint-every 0 --seed 1337 --threads 2)

build() {
  local name=$1; shift
  local out=models/$name
  local args=(pretrain "$CORPUS" --out "$out" "$@" "${COMMON[@]}")
  rm -rf "$out"
  echo "== $name: pretrain-lab ${args[*]}"
  local start=$SECONDS
  node bin/pretrain-lab.js "${args[@]}"
  echo "== $name: trained in $((SECONDS - start)) s"
  npx tsx scripts/default-models/summarize.ts "$out" "pretrain-lab ${args[*]}"
  rm -rf "$out/training" "$out/.token-cache"
  du -sh "$out"
}

WANTED=("$@")
wanted() { [ ${#WANTED[@]} -eq 0 ] || [[ " ${WANTED[*]} " == *" $1 "* ]]; }

[ -f dist/cli.js ] || npm run build
# Context 128: the playground generates up to the context length, so 64 characters would be too short.
if wanted gpt2; then
  build tiny-shakespeare-gpt2 --arch gpt2 --tokenizer char --layers 4 --heads 4 --dim 96 --context 128 --batch 8 --steps 2000 --eval-every 500
fi
if wanted bert; then
  build tiny-shakespeare-bert --arch bert --tokenizer wordpiece --vocab-size 1024 --layers 4 --heads 4 --dim 96 --context 64 --batch 16 --steps 1500 --eval-every 500
fi
