#!/bin/sh
# make deb: dist/velos_<version>_<arch>.deb from the tree `make dist` staged (the same launcher,
# jar, runtime and AOT caches; the caches follow the tree to /opt/velos, see packaging/dist.sh).
#
# Built with dpkg-deb from a plain layout rather than jpackage: jpackage would replace bin/velos
# with its native launcher, which runs one fixed set of JVM options, while velos's launcher picks
# them per command (the daemon's small heap, the clients' AOT cache); and jpackage installs nothing
# outside its own directory, so the man page, the completions, the systemd unit and /usr/bin/velos
# would need maintainer scripts anyway.
#
#   /opt/velos/...                                    the release tree
#   /usr/bin/velos -> /opt/velos/bin/velos
#   /usr/share/man/man1/velos.1.gz
#   /usr/share/bash-completion/completions/velos, /usr/share/zsh/vendor-completions/_velos,
#   /usr/share/fish/vendor_completions.d/velos.fish
#   /usr/lib/systemd/system/velos-daemon@.service      velos-daemon@USER runs USER's daemon at boot
#
# Usage: packaging/deb.sh [out-dir]
set -eu
repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd -P)
out=${1:-$repo/dist}
stage=$(ls -d "$out"/velos-*-linux-*/ 2>/dev/null | head -n 1)
stage=${stage%/}
[ -n "$stage" ] && [ -x "$stage/bin/velos" ] || { echo "deb: no release tree in $out; run 'make dist' first" >&2; exit 1; }
name=$(basename "$stage")
version=$(echo "$name" | sed 's/^velos-\(.*\)-linux-.*$/\1/')
arch=$(dpkg --print-architecture)
root=$out/deb-root
rm -rf "$root" "$out"/velos_*.deb
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/man/man1" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d" "$root/usr/lib/systemd/system" "$root/usr/share/doc/velos"

cp -a "$stage" "$root/opt/velos"
rm "$root/opt/velos/install.sh" # the package manager installs and removes this copy
ln -s /opt/velos/bin/velos "$root/usr/bin/velos"
gzip -9n < "$stage/share/man/man1/velos.1" > "$root/usr/share/man/man1/velos.1.gz"
cp "$stage/share/bash-completion/completions/velos" "$root/usr/share/bash-completion/completions/velos"
cp "$stage/share/zsh/site-functions/_velos" "$root/usr/share/zsh/vendor-completions/_velos"
cp "$stage/share/fish/vendor_completions.d/velos.fish" "$root/usr/share/fish/vendor_completions.d/velos.fish"
"$repo/packaging/systemd-template" "$stage" /opt/velos > "$root/usr/lib/systemd/system/velos-daemon@.service"
cat > "$root/usr/share/doc/velos/README.Debian" <<'EOF'
velos for Debian
================

The command is /usr/bin/velos; everything else is under /opt/velos, including the Java runtime it
runs on (no JDK needed). Each user's daemon keeps its state and logs in ~/.velos.

Start a user's daemon at boot, either as that user:
    sudo velos startup systemd --system      (writes /etc/systemd/system/velos-daemon.service)
or with the unit template this package installs, for any user:
    sudo systemctl enable --now velos-daemon@alice
Both run 'velos daemon --resurrect' with the same settings, so the apps of the last session come back.
EOF

for script in postinst postrm; do
    cat > "$root/DEBIAN/$script" <<'EOF'
#!/bin/sh
# Let a running systemd see the unit template come and go; nothing else to do.
set -e
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl daemon-reload >/dev/null 2>&1 || true
fi
exit 0
EOF
    chmod 755 "$root/DEBIAN/$script"
done
installed_kib=$(du -sk "$root" --exclude=DEBIAN | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: velos
Version: $version
Architecture: $arch
Maintainer: velos developers <velos@localhost>
Installed-Size: $installed_kib
Depends: libc6 (>= 2.36)
Section: admin
Priority: optional
Description: process manager: starts, supervises, restarts and logs programs
 velos is a small daemon that starts, watches, restarts and logs the programs you
 give it, driven by a command line, by AI agents over MCP, and by HTTP clients
 (REST, WebSocket, Prometheus). It carries its own Java runtime under /opt/velos.
EOF
# md5sums, as dpkg --verify reads it.
(cd "$root" && find opt usr -type f -exec md5sum {} + | sort -k 2 > DEBIAN/md5sums)

dpkg-deb --root-owner-group -Zgzip --build "$root" "$out/velos_${version}_$arch.deb" >/dev/null
rm -rf "$root"
"$repo/packaging/write-sums" "$out"
echo "deb: wrote $out/velos_${version}_$arch.deb ($(du -k "$out/velos_${version}_$arch.deb" | cut -f1) KiB)"
