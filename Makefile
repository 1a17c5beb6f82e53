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
# nginx as the gRPC load balancer in front of two gateway instances (tests/Gateway.Integration.Tests/Cluster).
TEST_DEBS := openssl ca-certificates poppler-utils qpdf libnss3-tools fonts-tlwg-laksaman-ttf postgresql nginx chromium chromium-driver

.PHONY: build run test deps node-deps demo bench bench-sign bench-verify bench-log pki clean

deps:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# bin/gw runs a ReadyToRun build of the CLI: start-up is most of a one-shot command's time
# (`gw sign pdf` of 10 MiB: about 0.2 s instead of 0.4 s).
# The npm peer signer the tests check interoperability with (and the signing benchmark uses).
node-deps:
	@if [ ! -d bench/signpdf/node_modules/@signpdf/signpdf ]; then \
	  command -v npm >/dev/null || { echo "npm is required (Node.js); install it with your package manager"; exit 1; }; \
	  (cd bench/signpdf && npm ci --no-audit --no-fund --loglevel=error); \
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

test: deps node-deps build
	scripts/test.sh $(CONFIG)

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

clean:
	rm -rf bin out data artifacts src/*/bin src/*/obj tests/*/bin tests/*/obj bench/*/bin bench/*/obj
