#!/usr/bin/env bash
# Builds the container image without a Docker daemon: Jib writes target/jib-image.tar (load it with
# `docker load -i` or `podman load -i`). No registry but Maven Central is reachable from the build
# machines, so the image starts FROM scratch and this script supplies the runtime layer itself: a
# jlink'ed Java runtime from the build JDK and the few glibc libraries it links against, copied from
# this (Debian) machine. Then it unpacks the image and runs its Java inside it (chroot) as a check.
set -euo pipefail
case ${1:-} in
  "") ;;
  -h|--help) sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0"; exit 0 ;;
  *) echo "image: takes no arguments (see $0 --help)" >&2; exit 2 ;;
esac
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
"$JDK/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.net \
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

CHECK=$(mktemp -d /tmp/leadline-image.XXXXXX)
MOUNTED=""
cleanup() { if [ -n "$MOUNTED" ]; then umount "$MOUNTED" || true; fi; rm -rf "$CHECK"; }
trap cleanup EXIT

unpack() { # unpack target/jib-image.tar's layers into $CHECK/rootfs, as a container runtime would
  [ -z "$MOUNTED" ] || { umount "$MOUNTED"; MOUNTED=""; }
  rm -rf "$CHECK/image" "$CHECK/rootfs"
  mkdir -p "$CHECK/image" "$CHECK/rootfs"
  tar -xf target/jib-image.tar -C "$CHECK/image"
  for layer in $(sed -n 's/.*"Layers":\[\([^]]*\)\].*/\1/p' "$CHECK/image/manifest.json" | tr -d '"' | tr ',' ' '); do
    tar -xzf "$CHECK/image/$layer" -C "$CHECK/rootfs" 2>/dev/null || tar -xf "$CHECK/image/$layer" -C "$CHECK/rootfs"
  done
  # What a container runtime provides: /proc (the loader resolves $ORIGIN through it; where
  # mounting is not allowed the loader is pointed at the runtime's libraries instead) and the
  # character devices. Without /dev/urandom the JDK seeds SecureRandom from thread timing, which
  # takes seconds.
  mkdir -p "$CHECK/rootfs/proc" "$CHECK/rootfs/dev"
  if mount -t proc proc "$CHECK/rootfs/proc" 2>/dev/null; then MOUNTED="$CHECK/rootfs/proc"; else
    export LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server; fi
  mknod -m 666 "$CHECK/rootfs/dev/null" c 1 3
  mknod -m 666 "$CHECK/rootfs/dev/zero" c 1 5
  mknod -m 666 "$CHECK/rootfs/dev/random" c 1 8
  mknod -m 666 "$CHECK/rootfs/dev/urandom" c 1 9
}

# Starts Leadline from the unpacked image with the command in ENTRYPOINT (H2 in the image's /tmp)
# and prints the milliseconds until /api/ready answers 200; fails after about 90 s.
ready_ms() {
  # Below the kernel's ephemeral range (32768+), where no outgoing connection can hold it, and in
  # no socket's use right now.
  local port=$((20000 + RANDOM % 12000))
  while ss -Htan | awk '{print $4}' | grep -q ":$port\$"; do port=$((20000 + RANDOM % 12000)); done
  rm -rf "$CHECK/rootfs/tmp/data"
  local start app status=000
  start=$(date +%s%N)
  PORT=$port LEADLINE_DATA_DIR=/tmp/data LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-} \
    chroot "$CHECK/rootfs" "${ENTRYPOINT[@]}" > "$CHECK/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 900); do
    kill -0 "$app" 2>/dev/null || break # it exited: no point waiting
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/ready" || true)
    [ "$status" = 200 ] && break
    sleep 0.1
  done
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  if [ "$status" != 200 ]; then tail -30 "$CHECK/app.log" >&2; echo "image: Leadline did not start from the image" >&2; return 1; fi
  echo "$ms"
}

entrypoint() { # the image's entrypoint, from its config
  local config
  config=$(sed -n 's/.*"Config":"\([^"]*\)".*/\1/p' "$CHECK/image/manifest.json")
  mapfile -t ENTRYPOINT < <(jq -r '.config.Entrypoint[]' "$CHECK/image/$config")
}

# The image is built twice. The first build trains a JDK AOT cache (JEP 483/514: classes loaded and
# linked, as the start leaves them) by starting Leadline once in the image's own runtime and paths
# (-Dspring.context.exit=onRefresh, on H2); the second ships it as /app/leadline.aot and starts
# with -XX:AOTCache. The layers of the runtime, the libraries and the application are the same
# files in both builds (Jib writes them reproducibly), which the cache requires. Without root (no
# chroot) the image is built without a cache.
./mvnw -B -q -DskipTests package jib:buildTar
if [ "$(id -u)" != 0 ]; then
  echo "image: target/jib-image.tar built ($(du -h target/jib-image.tar | cut -f1)); no AOT cache: training and the check need root (chroot)"
  exit 0
fi
unpack
chroot "$CHECK/rootfs" /opt/java/bin/java -version
entrypoint
if [ "$major" -lt 25 ]; then # -XX:AOTCacheOutput is JDK 25's (JEP 514)
  echo "image: the runtime is JDK $major: no AOT cache (needs JDK 25+)"
  ready_ms >/dev/null
  echo "image: target/jib-image.tar runs Leadline: /api/ready 200 ($(du -h target/jib-image.tar | cut -f1))"
  exit 0
fi
plain_ms=$(ready_ms)
# The entrypoint's flags but the placeholder (-Xshare:auto, which -XX:AOTCacheOutput refuses).
train=()
for arg in "${ENTRYPOINT[@]:1}"; do [ "$arg" = -Xshare:auto ] || train+=("$arg"); done
mkdir -p "$CHECK/rootfs/tmp/train"
LEADLINE_DATA_DIR=/tmp/train LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-} chroot "$CHECK/rootfs" "${ENTRYPOINT[0]}" \
  -XX:AOTCacheOutput=/tmp/leadline.aot -Dspring.context.exit=onRefresh "${train[@]}" --server.port=0 \
  > "$CHECK/train.log" 2>&1 || { tail -30 "$CHECK/train.log" >&2; echo "image: AOT cache training failed" >&2; exit 1; }
mkdir -p "$ROOT/app"
cp "$CHECK/rootfs/tmp/leadline.aot" "$ROOT/app/leadline.aot"
./mvnw -B -q -DskipTests package jib:buildTar -Dleadline.image.aot=-XX:AOTCache=/app/leadline.aot

# Check: the image as built, started from its entrypoint; the JVM must use the cache (AOTMode=on
# fails the start when it cannot).
unpack
entrypoint
printf '%s\n' "${ENTRYPOINT[@]}" | grep -qx -- '-XX:AOTCache=/app/leadline.aot' \
  || { echo "image: the entrypoint does not name the AOT cache: ${ENTRYPOINT[*]}" >&2; exit 1; }
ENTRYPOINT=("${ENTRYPOINT[0]}" -XX:AOTMode=on "${ENTRYPOINT[@]:1}")
aot_ms=$(ready_ms)
echo "image: target/jib-image.tar runs Leadline: /api/ready 200 after ${aot_ms} ms with its AOT cache" \
  "(${plain_ms} ms without), $(du -h target/jib-image.tar | cut -f1)"
