# Shared by bench/run and bench/soak (sourced, not run): JDK, wrk, the jar, development tokens, the server.
# Expects PORT and WORK to be set by the caller; sets JAVA, JAR, KEY_FILE, BASE, JAVA_OPTS, AOT_OPTS, SERVER_PID.

log() { echo "bench: $*" >&2; }

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

# A JDK 21+ (Helidon 4 needs it), even when the machine's default java is older.
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ] 2>/dev/null; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
  [ -n "$JAVA_HOME" ] || { log "no JDK 21+ found (set JAVA_HOME)"; exit 2; }
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

if ! command -v wrk >/dev/null; then
  log "installing wrk"
  if command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null || { log "wrk is needed (apt-get install wrk)"; exit 2; }
fi
for tool in curl taskset awk; do
  command -v "$tool" >/dev/null || { log "$tool is needed"; exit 2; }
done

# The jar, built only when the sources changed.
JAR=target/hello-world-api.jar
mkdir -p "$WORK"
if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml openapi.yaml -newer "$JAR" -print -quit)" ]; then
  log "building $JAR (log: $WORK/build.log)"
  ./mvnw --batch-mode --quiet package -DskipTests > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 2; }
else
  log "reusing $JAR (sources unchanged)"
fi

# The container's JVM settings, so the figures are the ones it would get: the Dockerfile's JAVA_OPTS, and the memory
# limit README recommends for a container (the Kubernetes manifest's 384Mi), which the JVM would read from the
# container and here is told with -XX:MaxRAM.
if [ -n "${BENCH_JAVA_OPTS+set}" ]; then
  JAVA_OPTS="$BENCH_JAVA_OPTS"
else
  JAVA_OPTS="$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' Dockerfile)"
fi
JAVA_OPTS="-XX:MaxRAM=${BENCH_MAX_RAM:-384m} $JAVA_OPTS"
EXTRA_JAVA_OPTS=()
SERVER_ENV=()

# The AOT cache, made as the Dockerfile makes it (a training run of the jar: `train`), on JDK 25+; remade when the
# jar is newer. BENCH_AOT=false measures without it.
AOT_CACHE="$WORK/hello-world-api.aot"
AOT_OPTS=()
if [ "${BENCH_AOT:-true}" = true ] && [ "$(java_major "$JAVA")" -ge 25 ]; then
  if [ ! -f "$AOT_CACHE" ] || [ "$JAR" -nt "$AOT_CACHE" ]; then
    log "training run for the AOT cache (log: $WORK/training.log)"
    rm -f "$AOT_CACHE"
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    "$JAVA" $JAVA_OPTS -XX:AOTCacheOutput="$AOT_CACHE" -jar "$JAR" train > "$WORK/training.log" 2>&1 \
      || { tail -20 "$WORK/training.log" >&2; exit 2; }
  fi
  AOT_OPTS=(-XX:AOTCache="$AOT_CACHE")
fi

# Tokens from the development issuer, whose key lives under target/, never in the repository.
KEY_FILE="$WORK/dev-signing-key.pk8"
token() { "$JAVA" -Ddev.key-file="$KEY_FILE" -jar "$JAR" token "$@"; }

# The same token with one signature character changed: well-formed, known kid, wrong signature.
with_bad_signature() { # token
  local signature="${1##*.}" middle replacement=A
  middle=$(( ${#signature} / 2 ))
  [ "${signature:$middle:1}" = A ] && replacement=B
  echo "${1%.*}.${signature:0:$middle}${replacement}${signature:$((middle + 1))}"
}

BASE="http://127.0.0.1:$PORT"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

status_of() { # url [token]
  if [ -n "${2:-}" ]; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $2" "$1" || true
  else
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true
  fi
}

# Starts the server on PORT (management port PORT + 1000), optionally pinned to core 0; sets SERVER_PID and
# STARTUP_MS (launch to first 200).
# Launched under taskset, every thread the JVM starts inherits the core (what `taskset -a -p` does to a running
# process; plain `taskset -p` would move only the main thread); check_pinned verifies it.
# In development mode unless SERVER_DEV=false; SERVER_ENV (array) adds environment, EXTRA_JAVA_OPTS (array) options.
start_server() { # pinned*|unpinned* log-name
  if [ "$(status_of "$BASE/api/messages/public")" != 000 ]; then
    log "port $PORT is in use; set BENCH_PORT to a free port"; exit 2
  fi
  local pin=() started now args=(--dev) env=()
  [[ "$1" == pinned* ]] && pin=(taskset -c 0)
  [ "${SERVER_DEV:-true}" = false ] && args=()
  [ "${#SERVER_ENV[@]}" -gt 0 ] && env=("${SERVER_ENV[@]}")
  started=$(date +%s%N)
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  rm -f "$WORK/gc-$2.log"
  env PORT="$PORT" MANAGEMENT_PORT=$((PORT + 1000)) "${env[@]}" "${pin[@]}" "$JAVA" $JAVA_OPTS "${AOT_OPTS[@]}" "${EXTRA_JAVA_OPTS[@]}" \
    -Xlog:gc:file="$WORK/gc-$2.log" \
    -Ddev.key-file="$KEY_FILE" -jar "$JAR" "${args[@]}" > "$WORK/server-$2.log" 2>&1 &
  SERVER_PID=$!
  until [ "$(status_of "$BASE/api/messages/public")" = 200 ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { log "server died; see $WORK/server-$2.log"; exit 1; }
    now=$(date +%s%N)
    (( (now - started) / 1000000 < 60000 )) || { log "server not ready after 60 s"; exit 1; }
    sleep 0.01
  done
  now=$(date +%s%N)
  STARTUP_MS=$(( (now - started) / 1000000 ))
  [[ "$1" == pinned* ]] && check_pinned 0
  return 0
}

# Every thread of the server on core $1, or a warning (a "pinned" run that is not would measure an unpinned server).
check_pinned() { # core
  local stray
  stray=$(taskset -a -cp "$SERVER_PID" 2>/dev/null | grep -cv "list: $1\$" || true)
  [ "$stray" -eq 0 ] || log "WARNING: $stray thread(s) of the server are not pinned to core $1"
}

rss_mb() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/${1:-$SERVER_PID}/status"; }

# The collector's pauses of a server started as log-name, from its GC log: "young N (longest X ms), full N (longest X ms)".
gc_pauses() { # log-name
  awk '/Pause Young/ {y++; p = $NF + 0; if (p > ym) ym = p}
       /Pause Full/  {f++; p = $NF + 0; if (p > fm) fm = p}
       END {printf "young %d (longest %.0f ms), full %d (longest %.0f ms)", y, ym, f, fm}' "$WORK/gc-$1.log"
}

# Where a server's resident memory is: from /proc/PID/smaps_rollup the total, the anonymous part (the process's own:
# heap, JIT code, metaspace, threads, malloc, and the pages of mapped files it wrote to) and the file-backed part (clean
# pages of mapped files: page cache, shared with other processes mapping the same files, that the kernel can drop and
# read again); from /proc/PID/smaps the AOT cache's mapping (with the part the JVM wrote to, relocating its pointers)
# and libjvm's. In MB.
rss_by_mapping() { # pid
  awk '/^Rss:/ {rss = $2} /^Anonymous:/ {anon = $2}
       END {printf "total %d MB: anonymous %d MB, file-backed %d MB; ", rss / 1024, anon / 1024, (rss - anon) / 1024}' \
    "/proc/$1/smaps_rollup"
  awk '/^[0-9a-f]+-[0-9a-f]+ / {name = (NF >= 6 ? $6 : "")}
       /^Rss:/ {if (name ~ /\.aot$/) aot += $2; else if (name ~ /libjvm\.so$/) jvm += $2}
       /^Anonymous:/ {if (name ~ /\.aot$/) aot_anon += $2}
       END {printf "AOT cache %d MB (%d MB of it anonymous), libjvm %d MB", aot / 1024, aot_anon / 1024, jvm / 1024}' \
    "/proc/$1/smaps"
}

# The JVM's own account of its memory by area (with -XX:NativeMemoryTracking=summary), committed MB each, one line.
nmt_summary() { # pid file
  timeout 30 "$JAVA_HOME/bin/jcmd" "$1" VM.native_memory summary > "$2" 2>&1 || { echo "jcmd failed, see $2"; return; }
  awk '/^Total: / {for (i = 1; i <= NF; i++) if ($i ~ /^committed=/) {v = $i; sub(/committed=/, "", v); sub(/KB.*/, "", v);
                     printf "total %d", v / 1024}}
       /^-  *[A-Za-z]/ {name = $0; sub(/^- */, "", name); sub(/ *\(.*/, "", name)
                        for (i = 1; i <= NF; i++) if ($i ~ /committed=/) {v = $i; sub(/.*committed=/, "", v); sub(/KB.*/, "", v)
                          if (v / 1024 >= 1) printf ", %s %d", name, v / 1024; break}}
       END {print " (MB committed)"}' "$2"
}
