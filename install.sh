#!/bin/sh
# Installs a velos release archive (velos-<version>-linux-<arch>.tar.gz, from `make dist`), or
# removes one. It needs no JDK (the archive carries its own runtime) and fetches nothing: it
# installs the local file it is given, after checking its SHA-256 against the SHA256SUMS file next
# to it. Running it again replaces the installation in place.
#
#   sh install.sh velos-0.1.0-linux-x86_64.tar.gz      install (or upgrade, or reinstall)
#   sh install.sh --uninstall                           remove what it installed
#
# Where, by default:
#   as a user: the tree in ~/.local/lib/velos, the command ~/.local/bin/velos, the man page and
#              completions under ~/.local/share
#   as root:   the tree in /opt/velos, the command /usr/local/bin/velos, the man page and
#              completions under /usr/local/share (the Debian package uses /usr/bin: do not mix them)
# --prefix P puts them in P/lib/velos, P/bin and P/share instead.
# The command, man page and completions are symbolic links into the tree. Apps' data ($VELOS_HOME,
# ~/.velos) is never touched, not even by --uninstall.
set -eu

usage() {
    cat <<'EOF'
Usage: install.sh [--prefix DIR] [--sums FILE] ARCHIVE
       install.sh [--prefix DIR] --uninstall
Installs the velos release ARCHIVE (velos-<version>-linux-<arch>.tar.gz), checked against the
SHA256SUMS file next to it (or --sums FILE); re-running replaces the installation in place.
Default places: ~/.local (a user) or /opt/velos with /usr/local/bin/velos (root).
EOF
}

die() {
    echo "install.sh: $*" >&2
    exit 1
}

prefix=""
sums=""
archive=""
uninstall=false
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --sums) [ $# -ge 2 ] || die "--sums needs a file"; sums=$2; shift 2 ;;
        --sums=*) sums=${1#--sums=}; shift ;;
        --uninstall) uninstall=true; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option '$1'" ;;
        *) [ -z "$archive" ] || die "one archive at a time (got '$archive' and '$1')"; archive=$1; shift ;;
    esac
done

if [ -n "$prefix" ]; then
    case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
    dest=$prefix/lib/velos
    bin_dir=$prefix/bin
    share=$prefix/share
elif [ "$(id -u)" = 0 ]; then
    dest=/opt/velos
    bin_dir=/usr/local/bin
    share=/usr/local/share
else
    [ -n "${HOME:-}" ] || die "HOME is not set; give --prefix"
    dest=$HOME/.local/lib/velos
    bin_dir=$HOME/.local/bin
    share=$HOME/.local/share
fi

# What is linked where: "<path in the tree> <link>", one a line.
links() {
    cat <<EOF
bin/velos $bin_dir/velos
share/man/man1/velos.1 $share/man/man1/velos.1
share/bash-completion/completions/velos $share/bash-completion/completions/velos
share/zsh/site-functions/_velos $share/zsh/site-functions/_velos
share/fish/vendor_completions.d/velos.fish $share/fish/vendor_completions.d/velos.fish
EOF
}

# A directory this script may replace or delete: one that holds a velos release (never anything else).
is_release_tree() {
    [ -f "$1/bin/velos" ] && [ -f "$1/lib/velos.jar" ] && [ -d "$1/runtime" ]
}

# Processes running the jar of the installation in $dest (a daemon, an API server...): they keep
# working on the files they opened, but should be restarted on the new version.
running_from() {
    for cmdline in /proc/[0-9]*/cmdline; do
        if tr '\0' '\n' < "$cmdline" 2>/dev/null | grep -qxF "$1/lib/velos.jar"; then
            pid=${cmdline#/proc/}
            echo "${pid%/cmdline}"
        fi
    done
}

remove_links() {
    links | while read -r target link; do
        # Only links into this installation: a file of the same name from elsewhere stays.
        if [ -L "$link" ] && [ "$(readlink "$link")" = "$dest/$target" ]; then
            rm -f "$link"
        fi
    done
}

if $uninstall; then
    [ -z "$archive" ] || die "--uninstall takes no archive"
    if [ ! -e "$dest" ]; then
        remove_links
        echo "install.sh: velos is not installed in $dest; nothing to remove"
        exit 0
    fi
    is_release_tree "$dest" || die "$dest does not look like a velos installation; not removing it"
    pids=$(running_from "$dest")
    [ -z "$pids" ] || echo "install.sh: note: still running from $dest (pid $(echo $pids)): stop them with 'velos kill'" >&2
    remove_links
    rm -rf "$dest"
    echo "install.sh: removed $dest and its links in $bin_dir and $share (apps' data in ~/.velos is kept)"
    exit 0
fi

[ -n "$archive" ] || { usage >&2; die "which archive? e.g. install.sh velos-<version>-linux-<arch>.tar.gz"; }
case $archive in
    *://*) die "'$archive' is not a local file: download the archive and its SHA256SUMS first, then give the file" ;;
esac
[ -f "$archive" ] || die "no such file: $archive"
archive_dir=$(CDPATH= cd -- "$(dirname -- "$archive")" && pwd -P)
archive_name=$(basename -- "$archive")
archive=$archive_dir/$archive_name
case $archive_name in
    velos-*-linux-*.tar.gz) ;;
    *) die "'$archive_name' is not a velos release archive (velos-<version>-linux-<arch>.tar.gz)" ;;
esac

# The checksum: the line for this file in SHA256SUMS, in sha256sum's format.
[ -n "$sums" ] || sums=$archive_dir/SHA256SUMS
[ -f "$sums" ] || die "no checksum file $sums: it comes with the archive (or name one with --sums)"
expected=$(awk -v f="$archive_name" '$2 == f || $2 == "*" f { print $1; exit }' "$sums")
[ -n "$expected" ] || die "$sums has no line for $archive_name"
actual=$(sha256sum "$archive" | cut -d' ' -f1)
[ "$actual" = "$expected" ] || die "checksum mismatch for $archive_name: expected $expected, got $actual; the file is damaged or not the one released"
echo "install.sh: $archive_name: SHA-256 OK"

# Unpack beside the destination (same file system, so the final step is a rename), check, swap.
parent=$(dirname -- "$dest")
mkdir -p "$parent" "$bin_dir"
work=$(mktemp -d "$parent/.velos-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work" --no-same-owner
top=$work/${archive_name%.tar.gz}
is_release_tree "$top" || die "$archive_name does not hold ${archive_name%.tar.gz}/ with bin/velos, lib/velos.jar and runtime/"
"$top/runtime/bin/java" -version >/dev/null 2>&1 || die "the archive's Java runtime does not run on this machine (wrong architecture?)"

if [ -e "$dest" ]; then
    is_release_tree "$dest" || die "$dest exists and is not a velos installation; move it away or use --prefix"
    pids=$(running_from "$dest")
    mv "$dest" "$work/previous"
fi
mv "$top" "$dest"
links | while read -r target link; do
    mkdir -p "$(dirname -- "$link")"
    ln -sfn "$dest/$target" "$link"
done
echo "install.sh: installed $("$dest/bin/velos" --version) in $dest"
echo "install.sh: command: $bin_dir/velos"
if [ -n "${pids:-}" ]; then
    echo "install.sh: note: pid $(echo $pids) still run the previous version; 'velos kill' then 'velos resurrect' moves your apps to this one" >&2
fi
case :$PATH: in
    *:"$bin_dir":*) ;;
    *) echo "install.sh: $bin_dir is not on your PATH; add it (e.g. in ~/.profile: PATH=\"$bin_dir:\$PATH\")" ;;
esac
