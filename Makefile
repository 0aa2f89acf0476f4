# The whole set-up: `make run` runs the suite, `make test` passes the tests. Both install what is
# missing first (Debian packages through apt-get) and start what they need.
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT ?= swift
SWIFT_TEST_FLAGS ?=

.PHONY: all deps build release test lint run stop bench bench-amqp chaos fuzz format schemas definitions docs clean

all: build

deps:
	@scripts/deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Starts a throwaway broker (unless RBN_TEST_AMQP_URL names one), runs every test, stops it.
## The 3-node cluster, the short chaos runs and the adversary go on their own afterwards: three
## more brokers, the whole suite under faults, or 10,000 hostile messages would starve the other tests.
test: deps lint
	scripts/test-python
	$(SWIFT) build --build-tests
	@mkdir -p var
	$$($(SWIFT) build --show-bin-path)/rbn-fuzz Tests/Fuzz/Corpus
	set -o pipefail; scripts/with-test-broker sh -c '$(SWIFT) test --skip-build --skip "ClusterTests|ChaosTests|AdversaryTests" $(SWIFT_TEST_FLAGS) && \
		$(SWIFT) test --skip-build --filter "ClusterTests|ChaosTests|AdversaryTests" $(SWIFT_TEST_FLAGS)' 2>&1 | tee var/test.log
	@sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed after.*/\1 passed, 0 failed/p' var/test.log

## Runs the suite: a local broker (unless RBN_AMQP_URL names one), the services, the demo seeds;
## Ctrl-C stops it all.
run: deps
	@scripts/run

## Stops what `make run` started, from another terminal.
stop:
	@scripts/stop-services "$${RBN_VAR_DIR:-var}/run"
	@deploy/rabbitmq/local-broker stop

## Reliability under faults (issue 10): services SIGKILLed and SIGTERMed during a load of commands,
## then every store and the mail folder counted; one line per scenario, failing on loss or doubling.
CHAOS_FLAGS ?=
chaos: deps
	for p in registry support-desk training notification rbnctl rbn-chaos; do $(SWIFT) build --product $$p || exit 1; done
	RBN_TEST_BROKER_NAME=rbn-chaos RBN_TEST_BROKER_PORT=5697 RBN_TEST_BROKER_TLS_PORT=5693 scripts/with-test-broker \
		$$($(SWIFT) build --show-bin-path)/rbn-chaos $(CHAOS_FLAGS)

## Coverage-guided fuzzing (libFuzzer) of every parser that reads outside input, SECONDS in all
## shared among the targets; new inputs join Tests/Fuzz/Corpus, which `make test` replays.
SECONDS ?= 600
fuzz: deps
	scripts/fuzz $(SECONDS)

## bench-suite runs before bench-notify: ext4 skips inodes freed in the last minutes when it
## allocates one (recently_deleted), so right after bench-notify removed its tens of thousands of
## mail files each mail file of the suite cost a scan past them (a third of notification's CPU).
## Benchmarks: the Swift AMQP client (bench-amqp) and commands through a service on the runtime
## (bench-service), each against the C baseline on librabbitmq in the same run; the support desk's
## lists and searches in stores of 10,000 and 1,000,000 tickets (bench-desk); deliveries per second
## to the maildir and to a local SMTP server (bench-notify); the whole suite end to end, from
## commands to delivered mails, with memory and start times (bench-suite); mail through Postfix over
## LMTP into the support desk against Postfix into a maildir (bench-mail); the portal's pages under
## wrk against nginx serving the same page, and a registration to its confirmation mail
## (bench-portal). CSV and a chart
## (gnuplot) under var/bench/.
bench: deps
	scripts/deps gnuplot-nox nginx-light wrk
	for p in bench-amqp bench-service rbn-testservice bench-desk desk bench-notify bench-suite bench-mail bench-portal \
		registry support-desk training notification portal rbnctl; do \
		$(SWIFT) build -c release --product $$p || exit 1; done
	mkdir -p .build/bench
	cc -O2 -o .build/bench/baseline bench/amqp/baseline.c $$(pkg-config --cflags --libs librabbitmq)
	RBN_TEST_BROKER_NAME=rbn-bench RBN_TEST_BROKER_PORT=5698 RBN_TEST_BROKER_TLS_PORT=5694 scripts/with-test-broker \
		sh -c 'bin=$$($(SWIFT) build -c release --show-bin-path) && \
		$$bin/bench-amqp --baseline .build/bench/baseline && echo && \
		$$bin/bench-service --baseline .build/bench/baseline --service $$bin/rbn-testservice && echo && \
		$$bin/bench-desk --desk $$bin/desk --service $$bin/support-desk && echo && \
		$$bin/bench-suite --baseline .build/bench/baseline && echo && \
		$$bin/bench-notify --service $$bin/notification --smtp-server scripts/test-smtp-server && echo && \
		$$bin/bench-mail && echo && \
		$$bin/bench-portal'
	gnuplot -e "dir='var/bench'" bench/suite/chart.gp && echo "bench: wrote var/bench/suite.png"

bench-amqp: bench

FORMAT_PATHS := Package.swift $(wildcard Shared Services Tests bench chaos)

## The formatting check CI runs; `make format` fixes what it finds.
lint:
	$(SWIFT) format lint --strict --recursive $(FORMAT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive $(FORMAT_PATHS)

## Writes Shared/Contracts/Schemas/<type>.json from the schemas declared next to the message types.
schemas:
	RBN_WRITE_SCHEMAS=1 $(SWIFT) test --filter SchemaFileTests/everyDescribedMessageHasAFileThatIsCurrent

## What is generated from the service catalogue (SuiteCatalogue): the broker's definitions
## (exchanges, queues, policies, least-privilege users), deploy/services, the systemd units,
## compose.yaml and docs/asyncapi.yaml. CatalogueTests fail when a committed one is stale.
definitions:
	$(SWIFT) build --product rbn-definitions
	$$($(SWIFT) build --show-bin-path)/rbn-definitions | /usr/bin/python3 -m json.tool --indent 2 >deploy/rabbitmq/definitions.json.tmp
	mv deploy/rabbitmq/definitions.json.tmp deploy/rabbitmq/definitions.json
	$$($(SWIFT) build --show-bin-path)/rbn-definitions --write .

## Writes desk's man page (docs/man/desk.1) and shell completions (docs/completions/), both
## generated by swift-argument-parser from the commands' help.
docs: deps
	$(SWIFT) build --product desk
	$(SWIFT) build --product generate-manual
	bin=$$($(SWIFT) build --show-bin-path) && mkdir -p docs/man docs/completions && \
		$$bin/generate-manual $$bin/desk --output-directory docs/man && \
		for sh in bash zsh fish; do $$bin/desk --generate-completion-script $$sh > docs/completions/desk.$$sh; done

clean:
	rm -rf .build .build-fuzz var
