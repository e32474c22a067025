#!/usr/bin/env bash
# Create .venv and install claimcheck with its offline models; pass "dev" to add the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
# setuptools>=77 as pyproject.toml builds with it (tests/test_packaging.py builds the wheel in this venv).
python -m pip install -q --upgrade pip "setuptools>=77"
# The CPU build of torch first: an unpinned torch would pull a multi-GB CUDA build.
python -m pip install -q "torch==2.13.0"

# llama.cpp, built portable: AVX2 baseline, no -march=native and no AMX. A native build on an
# Intel CPU with AMX repacks the weights into an AMX buffer and segfaults on the first decode
# on virtualised Sapphire Rapids machines (issue 16). The wheel is built once per version and
# flag set into a cache of our own, keyed by both, because pip's wheel cache is keyed by the
# sdist alone and would hand back a native wheel built earlier from the same version.
LLAMA_VERSION=0.3.36
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_AVX512=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"
LLAMA_KEY="$(printf '%s %s' "$LLAMA_VERSION" "$LLAMA_CMAKE_ARGS" | sha256sum | cut -c1-16)"
WHEELS="${CLAIMCHECK_WHEEL_CACHE:-$HOME/.cache/claimcheck/wheels}/llama-$LLAMA_KEY"
if ! ls "$WHEELS"/llama_cpp_python-*.whl >/dev/null 2>&1; then
  echo "Building llama-cpp-python $LLAMA_VERSION (portable CPU build; about 6 minutes on 2 cores, once)" >&2
  rm -rf "$WHEELS.tmp"
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" python -m pip wheel -q --no-cache-dir --no-deps \
    --no-binary llama-cpp-python "llama-cpp-python==$LLAMA_VERSION" -w "$WHEELS.tmp"
  mv "$WHEELS.tmp" "$WHEELS"
fi
WHEEL="$(ls "$WHEELS"/llama_cpp_python-*.whl | head -n1)"
# The marker says which build this venv holds; any other (a native one from pip's cache) is replaced.
if [ "$(cat .venv/.llama-build 2>/dev/null)" != "$LLAMA_KEY" ]; then
  python -m pip install -q --force-reinstall --no-deps "$WHEEL"
  python -m pip install -q "llama-cpp-python[server] @ file://$WHEEL"
  echo "$LLAMA_KEY" > .venv/.llama-build
fi

if [ "${1:-}" = "dev" ]; then
  python -m pip install -q -e ".[dev]"
else
  python -m pip install -q -e .
fi
