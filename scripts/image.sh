#!/usr/bin/env bash
# Builds the container image without a Docker daemon: Jib writes target/jib-image.tar (load it with
# `docker load -i` or `podman load -i`). No registry but Maven Central is reachable from the build
# machines, so the image starts FROM scratch and this script supplies the runtime layer itself: a
# jlink'ed Java runtime from the build JDK and the few glibc libraries it links against, copied from
# this (Debian) machine. Then it unpacks the image and runs its Java inside it (chroot) as a check.
set -euo pipefail
cd "$(dirname "$0")/.."

JDK=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -x "$home/bin/jlink" ] || continue
  major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  if [ "${major:-0}" -ge 21 ] 2>/dev/null; then JDK="$home"; break; fi
done
[ -n "$JDK" ] || { echo "image: no JDK >= 21 with jlink found" >&2; exit 2; }

ROOT=target/jib-runtime
rm -rf "$ROOT"
mkdir -p "$ROOT/opt" "$ROOT/tmp" "$ROOT/data"
"$JDK/bin/jlink" --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$ROOT/opt/java" 2>/dev/null \
  || "$JDK/bin/jlink" --add-modules java.se,jdk.crypto.ec,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.zipfs \
       --strip-debug --no-man-pages --no-header-files --output "$ROOT/opt/java"
# glibc and the loader for every native library of the runtime, plus name resolution.
libs=$(find "$ROOT/opt/java" -name '*.so' -o -path '*/bin/java' | xargs ldd 2>/dev/null \
  | awk '/=>/ {print $3} /ld-linux/ {print $1}' | grep '^/' | sort -u)
for lib in $libs /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 \
           /lib/x86_64-linux-gnu/libresolv.so.2; do
  [ -e "$lib" ] || continue
  case "$lib" in "$PWD"/*|target/*) continue ;; esac
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
printf 'hosts: files dns\n' > "$ROOT/etc-nsswitch.conf"; mkdir -p "$ROOT/etc"; mv "$ROOT/etc-nsswitch.conf" "$ROOT/etc/nsswitch.conf"
printf 'leadline:x:1000:1000::/data:/sbin/nologin\n' > "$ROOT/etc/passwd"

./mvnw -B -q -DskipTests package jib:buildTar

# Check: unpack the image's layers and start its Java in a chroot.
CHECK=$(mktemp -d /tmp/leadline-image.XXXXXX)
trap 'rm -rf "$CHECK"' EXIT
tar -xf target/jib-image.tar -C "$CHECK"
mkdir -p "$CHECK/rootfs"
for layer in $(sed -n 's/.*"Layers":\[\([^]]*\)\].*/\1/p' "$CHECK/manifest.json" | tr -d '"' | tr ',' ' '); do
  tar -xzf "$CHECK/$layer" -C "$CHECK/rootfs" 2>/dev/null || tar -xf "$CHECK/$layer" -C "$CHECK/rootfs"
done
if [ "$(id -u)" = 0 ]; then
  chroot "$CHECK/rootfs" /opt/java/bin/java -version
  echo "image: target/jib-image.tar runs its Java ($(du -h target/jib-image.tar | cut -f1))"
else
  echo "image: target/jib-image.tar built ($(du -h target/jib-image.tar | cut -f1)); chroot check needs root"
fi
