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

.PHONY: build test bench install clean

build:
	$(MVN) $(MVN_FLAGS) -DskipTests install

test:
	$(MVN) -B -e -Dstyle.color=never install

# JMH, side by side with the competitor in the same run; prints the ratio table (not part of CI).
bench: build
	bench/compare-spawn.sh $(BENCH_ARGS)

install: build
	mkdir -p $(PREFIX)/bin $(PREFIX)/lib/velos
	cp cli/target/velos.jar $(PREFIX)/lib/velos/velos.jar
	cp bin/find-jdk $(PREFIX)/lib/velos/find-jdk
	sed -e 's|^VELOS_JAR_DEFAULT=.*|VELOS_JAR_DEFAULT="$(PREFIX)/lib/velos/velos.jar"|' \
	    -e 's|^FIND_JDK_DEFAULT=.*|FIND_JDK_DEFAULT="$(PREFIX)/lib/velos/find-jdk"|' bin/velos > $(PREFIX)/bin/velos
	chmod 755 $(PREFIX)/bin/velos
	mkdir -p $(PREFIX)/share/man/man1
	cp cli/target/man/velos.1 $(PREFIX)/share/man/man1/velos.1

clean:
	$(MVN) $(MVN_FLAGS) clean
