#!/bin/sh
# make dist: the self-contained release, dist/velos-<version>-linux-<arch>.tar.gz, and dist/SHA256SUMS.
#
# The archive holds one directory, velos-<version>-linux-<arch>/, laid out as an installation:
#   bin/velos                 the launcher, its jar/runtime paths rewritten relative to itself
#   lib/velos.jar, lib/find-jdk
#   lib/velos-{fast,cli,daemon}.aot          AOT caches trained with runtime/bin/java (bin/aot-train)
#   runtime/                  a jlink'd Java runtime: the modules jdeps finds in the jar (+ packaging/extra-modules)
#   share/man/man1/velos.1, share/bash-completion/completions/velos,
#   share/zsh/site-functions/_velos, share/fish/vendor_completions.d/velos.fish
#   install.sh
# The caches work wherever the directory is unpacked: the JDK (25) relocates a cache's class path
# when the jar and the runtime moved together (it substitutes their longest common prefix), and tar
# keeps the mtimes that bin/velos compares (a cache is used only when newer than the jar).
#
# Usage: packaging/dist.sh <jdk> [out-dir]    (make dist passes the JDK that built the jar)
set -eu
jdk=${1:?usage: packaging/dist.sh <jdk> [out-dir]}
repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd -P)
out=${2:-$repo/dist}
jar=$repo/cli/target/velos.jar
[ -f "$jar" ] || { echo "dist: $jar is missing; run 'make build' first" >&2; exit 1; }

# "velos 0.1.0 (x86_64-linux)": the version and the machine name users know, from the jar itself.
version_line=$("$jdk/bin/java" -jar "$jar" --version)
version=$(echo "$version_line" | sed -n 's/^velos \([^ ]*\) (\([^-]*\)-.*/\1/p')
arch=$(echo "$version_line" | sed -n 's/^velos \([^ ]*\) (\([^-]*\)-.*/\2/p')
[ -n "$version" ] && [ -n "$arch" ] || { echo "dist: cannot read the version from '$version_line'" >&2; exit 1; }
name=velos-$version-linux-$arch
stage=$out/$name

rm -rf "$stage" "$out/$name.tar.gz"
mkdir -p "$stage/bin" "$stage/lib" "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
    "$stage/share/zsh/site-functions" "$stage/share/fish/vendor_completions.d"

modules=$("$repo/packaging/runtime-modules" "$jdk" "$jar")
echo "dist: jlink $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$stage/runtime"

cp "$jar" "$stage/lib/velos.jar"
cp "$repo/bin/find-jdk" "$stage/lib/find-jdk"
cp "$repo/install.sh" "$stage/install.sh"
# The three *_DEFAULT lines, relative to the launcher's own directory ($repo is computed by the
# launcher at run time from where it really is), so the tree can be moved or unpacked anywhere.
sed -e 's|^VELOS_JAR_DEFAULT=.*|VELOS_JAR_DEFAULT="$repo/lib/velos.jar"|' \
    -e 's|^FIND_JDK_DEFAULT=.*|FIND_JDK_DEFAULT="$repo/lib/find-jdk"|' \
    -e 's|^VELOS_RUNTIME_DEFAULT=.*|VELOS_RUNTIME_DEFAULT="$repo/runtime"|' "$repo/bin/velos" > "$stage/bin/velos"
chmod 755 "$stage/bin/velos" "$stage/lib/find-jdk" "$stage/install.sh"
for line in 'VELOS_JAR_DEFAULT="$repo/lib/velos.jar"' 'VELOS_RUNTIME_DEFAULT="$repo/runtime"'; do
    grep -qxF "$line" "$stage/bin/velos" || { echo "dist: bin/velos no longer has the line this script rewrites to $line" >&2; exit 1; }
done

# Caches trained by the bundled runtime (the launcher prefers it), against a private daemon.
"$repo/bin/aot-train" "$stage/lib/velos.jar" "$stage/bin/velos"

cp "$repo/cli/target/man/velos.1" "$stage/share/man/man1/velos.1"
home=$(mktemp -d "${TMPDIR:-/tmp}/velos-dist-home.XXXXXX")
trap 'rm -rf "$home"' EXIT
for shell in bash zsh fish; do
    VELOS_HOME=$home "$stage/bin/velos" completions $shell > "$home/$shell"
done
mv "$home/bash" "$stage/share/bash-completion/completions/velos"
mv "$home/zsh" "$stage/share/zsh/site-functions/_velos"
mv "$home/fish" "$stage/share/fish/vendor_completions.d/velos.fish"

# Owner root, names sorted: the same tree gives the same listing on any build machine.
tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$name"
"$repo/packaging/write-sums" "$out"
echo "dist: wrote $out/$name.tar.gz ($(du -k "$out/$name.tar.gz" | cut -f1) KiB) and $out/SHA256SUMS"
