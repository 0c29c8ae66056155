#!/usr/bin/env bash
# Builds the benchmark jars and runs the suite (see benchmarks/README.md):
#   benchmarks/run.sh [--quick | --long] [suite options]
# 1. benchmarks/target/benchmarks.jar        the suite, with ND4J's default CPU build (linux-x86_64)
# 2. benchmarks/target/benchmarks-avx2.jar   the same suite with ND4J's linux-x86_64-avx2 build (profile avx2)
# 3. benchmarks-pytorch/target/benchmarks-pytorch.jar   the PyTorch peer (profile pytorch-peer; libtorch, ~110 MB)
# Then the Python peer (transformers + PEFT + torch, CPU): io.github.fairlora.benchmarks.python.HfPeerComparison
# alternates fairlora's and Python's runs of the same steps and scoring and writes HF-PEER.md beside REPORT.md.
# Python: FAIRLORA_PYENV=/path/to/venv reuses a virtual environment that has torch, transformers and peft;
# otherwise benchmarks/target/pyenv is created and filled with pip (PIP_INDEX_URL / PIP_FIND_LINKS / pip.conf say
# where from; offline here: PIP_INDEX_URL=file:///opt/pypi/simple PIP_EXTRA_INDEX_URL=file:///opt/pypi-more/simple
# PIP_FIND_LINKS=/opt/wheels). Where neither works, HF-PEER.md says "not measured" and why.
# The first build downloads the AVX2 and libtorch jars; later ones can run offline with MVN_FLAGS=-o.
# A jar that fails to build is reported in REPORT.md as "not measured", with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn_flags=(-B -q ${MVN_FLAGS:-})

mvn "${mvn_flags[@]}" -pl benchmarks -am package -DskipTests
mvn "${mvn_flags[@]}" -pl benchmarks -am package -DskipTests -P avx2 \
  || { echo "warning: the AVX2 benchmark jar did not build; the ND4J build comparison will be skipped" >&2;
       rm -f benchmarks/target/benchmarks-avx2.jar; }
mvn "${mvn_flags[@]}" -P pytorch-peer -pl benchmarks-pytorch -am package -DskipTests \
  || { echo "warning: the PyTorch peer did not build; the PyTorch comparison will be skipped" >&2;
       rm -f benchmarks-pytorch/target/benchmarks-pytorch.jar; }

# The kernels outside BLAS use the JDK's Vector API (an incubator module in JDK 17); without it they run scalar.
java_flags=(--add-modules jdk.incubator.vector)
out_dir=benchmarks/results
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == --out ]] && out_dir="${args[i+1]}"
done

# The Python peer's environment.
python_reason=""
python=""
if [[ -n "${FAIRLORA_PYENV:-}" ]]; then
  python="$FAIRLORA_PYENV/bin/python"
elif [[ -x benchmarks/target/pyenv/bin/python ]]; then
  python=benchmarks/target/pyenv/bin/python
elif command -v python3 >/dev/null 2>&1; then
  if python3 -m venv benchmarks/target/pyenv >/dev/null 2>&1 \
      && benchmarks/target/pyenv/bin/pip install -q torch transformers peft >benchmarks/target/pyenv-install.log 2>&1; then
    python=benchmarks/target/pyenv/bin/python
  else
    python_reason="pip could not install torch, transformers and peft (see benchmarks/target/pyenv-install.log)"
    rm -rf benchmarks/target/pyenv
  fi
else
  python_reason="python3 is not on the PATH"
fi
if [[ -n "$python" ]] && ! "$python" -c 'import torch, transformers, peft' >/dev/null 2>&1; then
  python_reason="$python cannot import torch, transformers and peft"
  python=""
fi

status=0
java "${java_flags[@]}" -jar benchmarks/target/benchmarks.jar "$@" || status=$?
peer_flags=(--out "$out_dir" --rounds "${FAIRLORA_PEER_ROUNDS:-3}")
if [[ -n "$python" ]]; then
  peer_flags+=(--python "$python")
else
  peer_flags+=(--not-measured "$python_reason")
fi
java "${java_flags[@]}" -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=8G -cp benchmarks/target/benchmarks.jar \
  io.github.fairlora.benchmarks.python.HfPeerComparison "${peer_flags[@]}" || status=$?
exit $status
