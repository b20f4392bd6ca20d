# velos — one entry point for building, testing, benchmarking and installing.
# Every target finds a JDK >= 25 by itself (bin/find-jdk): $JAVA_HOME if it qualifies, else /usr/lib/jvm/*.

SHELL := /bin/sh
PREFIX ?= $(HOME)/.local
MVN ?= mvn
MVN_FLAGS ?= -B -q -e -Dstyle.color=never

JDK := $(shell bin/find-jdk 2>/dev/null)
ifeq ($(strip $(JDK)),)
$(error velos needs a JDK 25 or newer: set JAVA_HOME to one, or install it under /usr/lib/jvm (e.g. Temurin 25))
endif
export JAVA_HOME := $(JDK)

.PHONY: build test soak bench install dist deb dist-test clean

build:
	$(MVN) $(MVN_FLAGS) -DskipTests install

test:
	$(MVN) -B -e -Dstyle.color=never install

# The long reliability runs (not CI): IPC decoder fuzz with 100,000 cases (4 properties × 25,000),
# 200 kill -9s of the daemon, 200 clients for 60 s, and the soak (crash loop, 50 cron apps, a
# 50k lines/s app) for SOAK_MINUTES. About an hour in all on a 2-core machine.
SOAK_MINUTES ?= 30
SOAK_FUZZ_TRIES ?= 25000
SOAK_KILLS ?= 200
SOAK_LOAD_SECONDS ?= 60
soak: build
	$(MVN) -B -e -Dstyle.color=never test -pl ipc -Dtest=DecoderRobustnessPropertiesTest \
	    -Djqwik.tries.default=$(SOAK_FUZZ_TRIES) -Dsurefire.failIfNoSpecifiedTests=false
	$(MVN) -B -e -Dstyle.color=never test -pl test-harness -Dvelos.test.excludedGroups=none -Dvelos.test.forkTimeout=0 \
	    -Dtest='SoakEndToEndTest,FaultEndToEndTest,LoadEndToEndTest' -Dsurefire.failIfNoSpecifiedTests=false \
	    -Dvelos.soak.minutes=$(SOAK_MINUTES) -Dvelos.faults.kills=$(SOAK_KILLS) -Dvelos.load.seconds=$(SOAK_LOAD_SECONDS)


# Performance (issue 9; not part of CI): the JMH suite of hot paths, then velos side by side with
# PM2 and supervisord in one interleaved run (bench/compare.py, which installs both if missing).
# JMH_ARGS go to JMH (e.g. JMH_ARGS="-wi 2 -i 3"), COMPARE_ARGS to compare.py (e.g. "--rounds 9").
bench: build
	$(MVN) $(MVN_FLAGS) -o package -pl bench
	bench/compare-spawn.sh $(BENCH_ARGS)
	"$(JDK)/bin/java" --enable-native-access=ALL-UNNAMED -jar bench/target/velos-bench.jar \
	    'LogEngineBenchmark|IpcBenchmark|StateSaveBenchmark' -rf json -rff bench/target/jmh.json $(JMH_ARGS)
	bench/compare.py $(COMPARE_ARGS)
	bench/cli-startup.sh
	bench/daemon-flags.sh

install: build
	mkdir -p $(PREFIX)/bin $(PREFIX)/lib/velos
	cp cli/target/velos.jar $(PREFIX)/lib/velos/velos.jar
	cp bin/find-jdk $(PREFIX)/lib/velos/find-jdk
	sed -e 's|^VELOS_JAR_DEFAULT=.*|VELOS_JAR_DEFAULT="$(PREFIX)/lib/velos/velos.jar"|' \
	    -e 's|^FIND_JDK_DEFAULT=.*|FIND_JDK_DEFAULT="$(PREFIX)/lib/velos/find-jdk"|' bin/velos > $(PREFIX)/bin/velos
	chmod 755 $(PREFIX)/bin/velos
	bin/aot-train $(PREFIX)/lib/velos/velos.jar $(PREFIX)/bin/velos
	mkdir -p $(PREFIX)/share/man/man1
	cp cli/target/man/velos.1 $(PREFIX)/share/man/man1/velos.1

# Releases (issue 24). dist: dist/velos-<version>-linux-<arch>.tar.gz, a tree with its own jlink'd
# Java runtime, the AOT caches trained on it, the man page, the completions and install.sh, plus
# dist/SHA256SUMS (packaging/dist.sh). deb: dist/velos_<version>_<arch>.deb from the same tree
# (packaging/deb.sh). dist-test: both, then the end-to-end tests tagged "dist" (the archive with no
# JDK on PATH, install.sh, the package installed and removed with dpkg as root); .ci/run calls it.
dist: build
	packaging/dist.sh "$(JDK)"

deb: dist
	packaging/deb.sh

dist-test: deb
	$(MVN) -B -e -Dstyle.color=never test -pl test-harness -Dvelos.test.groups=dist -Dvelos.test.excludedGroups=soak \
	    -Dsurefire.failIfNoSpecifiedTests=false

clean:
	$(MVN) $(MVN_FLAGS) clean
	rm -rf dist
