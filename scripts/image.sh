#!/usr/bin/env bash
# Builds the container image without a Docker daemon: Jib writes target/jib-image.tar (load it with
# `docker load -i` or `podman load -i`). No registry but Maven Central is reachable from the build
# machines, so the image starts FROM scratch and this script supplies the runtime layer itself: a
# jlink'ed Java runtime from the build JDK and the few glibc libraries it links against, copied from
# this (Debian) machine. Then it unpacks the image and runs its Java inside it (chroot) as a check.
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'echo "image: failed at line $LINENO (exit $?)" >&2' ERR

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
"$JDK/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.charsets \
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
  # A container runtime mounts /proc (the loader resolves $ORIGIN through it); so does the check,
  # or, where mounting is not allowed, points the loader at the runtime's libraries instead.
  mkdir -p "$CHECK/rootfs/proc"
  if mount -t proc proc "$CHECK/rootfs/proc" 2>/dev/null; then
    trap 'umount "$CHECK/rootfs/proc"; rm -rf "$CHECK"' EXIT
    chroot "$CHECK/rootfs" /opt/java/bin/java -version
  else
    export LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server
    chroot "$CHECK/rootfs" /opt/java/bin/java -version
  fi
  # Start Leadline from the image's files (the image's entrypoint, H2 in the image's /tmp) and ask
  # /api/health.
  # Below the kernel's ephemeral range (32768+), where no outgoing connection can hold it, and in
  # no socket's use right now.
  port=$((20000 + RANDOM % 12000))
  while ss -Htan | awk '{print $4}' | grep -q ":$port\$"; do port=$((20000 + RANDOM % 12000)); done
  PORT=$port LEADLINE_DATA_DIR=/tmp/data LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-} \
    chroot "$CHECK/rootfs" /opt/java/bin/java -cp @/app/jib-classpath-file io.leadline.LeadlineApplication \
    > "$CHECK/app.log" 2>&1 &
  app=$!
  health=000
  for _ in $(seq 1 90); do
    kill -0 "$app" 2>/dev/null || break # it exited: no point waiting
    health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health" || true)
    [ "$health" = 200 ] && break
    sleep 1
  done
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  if [ "$health" != 200 ]; then tail -30 "$CHECK/app.log"; echo "image: Leadline did not start from the image" >&2; exit 1; fi
  echo "image: target/jib-image.tar runs Leadline: /api/health 200 ($(du -h target/jib-image.tar | cut -f1))"
else
  echo "image: target/jib-image.tar built ($(du -h target/jib-image.tar | cut -f1)); chroot check needs root"
fi
