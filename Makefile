# Gateway: the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := build
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

CONFIG ?= Release
GW := bin/gw
# Debian packages the tests call (tools nobody here wrote check our artefacts); postgresql for the
# shared-store tests, which start a throwaway cluster of their own (tests/Gateway.Testing/PostgresCluster.cs);
# nginx as the gRPC load balancer in front of two gateway instances (tests/Gateway.Integration.Tests/Cluster);
# softhsm2 + opensc (pkcs11-tool): a throwaway PKCS#11 token for the HSM tests (tests/Gateway.Pkcs11.Tests);
# Debian's gRPC for the system python3, which the Python client example runs on (examples/python), and
# Debian's protoc 3.21 with its gRPC plugin to generate its stubs: the protoc inside python3-grpc-tools
# (3.5) rejects proto3 `optional`; libprotobuf-dev has the google/protobuf/*.proto they import;
# chromium + chromium-driver for the verification page's browser tests (tests/Gateway.Integration.Tests/VerificationPage).
TEST_DEBS := openssl ca-certificates poppler-utils qpdf libnss3-tools fonts-tlwg-laksaman-ttf postgresql nginx softhsm2 opensc \
	python3-grpcio protobuf-compiler protobuf-compiler-grpc libprotobuf-dev chromium chromium-driver
# afl-fuzz drives the SharpFuzz harnesses (fuzz/README.md): `make fuzz`, and the smoke run of every harness in `make test`.
FUZZ_DEBS := afl++
# make fuzz TARGET=pdf SECONDS=300 (targets: pdf pdf-roundtrip pdf-validate cms x509 tsp rpc all)
TARGET ?= pdf
SECONDS ?= 60

.PHONY: build run test deps fuzz-deps fuzz node-deps examples-deps demo bench bench-sign bench-verify bench-log bench-load bench-soak bench-hsm pki clean

# Installs the Debian packages named in $(1) that are missing, idempotently.
define install_debs
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_debs,$(TEST_DEBS))

# afl++, and the sharpfuzz instrumenter as a local dotnet tool (.config/dotnet-tools.json).
fuzz-deps:
	$(call install_debs,$(FUZZ_DEBS))
	@dotnet tool restore >/dev/null

# bin/gw runs a ReadyToRun build of the CLI: start-up is most of a one-shot command's time
# (`gw sign pdf` of 10 MiB: about 0.2 s instead of 0.4 s).
# The npm peer signer the tests check interoperability with (and the signing benchmark uses).
node-deps:
	@if [ ! -d bench/signpdf/node_modules/@signpdf/signpdf ]; then \
	  command -v npm >/dev/null || { echo "npm is required (Node.js); install it with your package manager"; exit 1; }; \
	  (cd bench/signpdf && npm ci --no-audit --no-fund --loglevel=error); \
	fi

# The Node client example's gRPC libraries (examples/node), for the test that runs it against a live gateway;
# again whenever its lock file is newer than what npm last installed.
examples-deps:
	@if [ ! -f examples/node/node_modules/.package-lock.json ] \
	    || [ examples/node/package-lock.json -nt examples/node/node_modules/.package-lock.json ]; then \
	  command -v npm >/dev/null || { echo "npm is required (Node.js); install it with your package manager"; exit 1; }; \
	  (cd examples/node && npm ci --no-audit --no-fund --loglevel=error); \
	fi

build:
	dotnet build Gateway.sln -c $(CONFIG) -nologo -clp:ErrorsOnly
	dotnet publish src/Gateway.Cli -c $(CONFIG) -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o artifacts/cli -nologo -clp:ErrorsOnly
	@mkdir -p bin
	@printf '#!/bin/sh\nhere=$$(cd "$$(dirname "$$0")/.." && pwd)\nexec dotnet "$$here/artifacts/cli/gw.dll" "$$@"\n' > $(GW)
	@chmod +x $(GW)

run: build
	$(GW) serve

pki: build
	$(GW) pki init

test: deps fuzz-deps node-deps examples-deps build
	scripts/test.sh $(CONFIG)

# One target under afl-fuzz; prints executions, coverage and crashes, and where the crashes are saved.
fuzz: fuzz-deps
	CONFIG=$(CONFIG) scripts/fuzz.sh run $(TARGET) $(SECONDS)

demo: build
	scripts/demo.sh

bench: build
	scripts/bench.sh

bench-sign: build node-deps
	scripts/bench-sign.sh

bench-verify: build
	scripts/bench-verify.sh

bench-log: build
	scripts/bench-log.sh

# Needs PostgreSQL's server binaries and nginx (make deps): it starts its own throwaway cluster and balancer.
bench-load: build
	scripts/bench-load.sh

# 30 minutes by default; SOAK_MINUTES=5 make bench-soak for a shorter one.
bench-soak: build
	scripts/bench-soak.sh

# Signatures per second through SoftHSM2 against PKCS#12 keys (needs `make deps`).
bench-hsm: deps
	scripts/bench-hsm.sh

clean:
	rm -rf bin out data artifacts src/*/bin src/*/obj tests/*/bin tests/*/obj bench/*/bin bench/*/obj fuzz/*/bin fuzz/*/obj
