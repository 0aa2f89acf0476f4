# The whole set-up: `make run` runs the suite, `make test` passes the tests. Both install what is
# missing first (Debian packages through apt-get) and start what they need.
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT ?= swift
SWIFT_TEST_FLAGS ?=

.PHONY: all deps build release test lint run stop bench bench-amqp format schemas clean

all: build

deps:
	@scripts/deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Starts a throwaway broker (unless RBN_TEST_AMQP_URL names one), runs every test, stops it.
test: deps lint
	$(SWIFT) build --build-tests
	@mkdir -p var
	set -o pipefail; scripts/with-test-broker $(SWIFT) test --skip-build $(SWIFT_TEST_FLAGS) 2>&1 | tee var/test.log
	@sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed after.*/\1 passed, 0 failed/p' var/test.log

## Runs the suite: a local broker (unless RBN_AMQP_URL names one), the services, the demo seeds;
## Ctrl-C stops it all.
run: deps
	@scripts/run

## Stops what `make run` started, from another terminal.
stop:
	@scripts/stop-services var/run
	@deploy/rabbitmq/local-broker stop

## Benchmarks: the Swift AMQP client (bench-amqp) and commands through a service on the runtime
## (bench-service), each against the C baseline on librabbitmq in the same run; the support desk's
## lists and searches in stores of 10,000 and 1,000,000 tickets (bench-desk). CSV under var/bench/.
bench: deps
	$(SWIFT) build -c release --product bench-amqp
	$(SWIFT) build -c release --product bench-service
	$(SWIFT) build -c release --product rbn-testservice
	$(SWIFT) build -c release --product bench-desk
	mkdir -p .build/bench
	cc -O2 -o .build/bench/baseline bench/amqp/baseline.c $$(pkg-config --cflags --libs librabbitmq)
	RBN_TEST_BROKER_NAME=rbn-bench RBN_TEST_BROKER_PORT=5698 RBN_TEST_BROKER_TLS_PORT=5694 scripts/with-test-broker \
		sh -c 'bin=$$($(SWIFT) build -c release --show-bin-path) && \
		$$bin/bench-amqp --baseline .build/bench/baseline && echo && \
		$$bin/bench-service --baseline .build/bench/baseline --service $$bin/rbn-testservice && echo && \
		$$bin/bench-desk'

bench-amqp: bench

FORMAT_PATHS := Package.swift $(wildcard Shared Services Tests bench)

## The formatting check CI runs; `make format` fixes what it finds.
lint:
	$(SWIFT) format lint --strict --recursive $(FORMAT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive $(FORMAT_PATHS)

## Writes Shared/Contracts/Schemas/<type>.json from the schemas declared next to the message types.
schemas:
	RBN_WRITE_SCHEMAS=1 $(SWIFT) test --filter SchemaFileTests/everyDescribedMessageHasAFileThatIsCurrent

clean:
	rm -rf .build var
