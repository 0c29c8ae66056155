#!/usr/bin/env bash
# Builds the benchmark jars and runs the suite (see benchmarks/README.md):
#   benchmarks/run.sh [--quick | --long] [suite options]
# 1. benchmarks/target/benchmarks.jar        the suite, with ND4J's default CPU build (linux-x86_64)
# 2. benchmarks/target/benchmarks-avx2.jar   the same suite with ND4J's linux-x86_64-avx2 build (profile avx2)
# 3. benchmarks-pytorch/target/benchmarks-pytorch.jar   the PyTorch peer (profile pytorch-peer; libtorch, ~110 MB)
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

exec java -jar benchmarks/target/benchmarks.jar "$@"
