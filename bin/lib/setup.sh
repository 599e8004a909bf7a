# Shared set-up for bin/run and bin/test: finds or installs what the system needs on this
# machine. Sourced, not run. Every function prints what it does and fails with what to install.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TOOLS="$ROOT/.tools"
NSQ_BIN="$TOOLS/nsq-bin"
PAYARA_MICRO_JAR="$TOOLS/payara-micro.jar"
# The JVM settings a Payara Micro of this project runs with (docs/deployment.md): a small heap and
# the parallel collector suit a 2-core machine (less RSS and more jobs/s than G1 at -Xmx512m, young
# pauses about half the serial collector's, which set the round trip's p99: docs/performance.md,
# item 34); http.maxConnections lets the worker keep a connection to dispatch per job in flight.
# Two malloc arenas instead of eight per core: the JVM's many threads otherwise keep tens of MiB of
# native memory each arena holds (RSS, not heap).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# A long-running JVM touches every page of the heap it has committed, and glibc keeps what the JVM's
# threads freed: the heap starts at 200 MiB (72 of them young) and grows only while less than a
# quarter is free after a full collection (~80 MiB live after the bench's load), and the JVM gives
# freed native memory back every 5 s (left out on a JVM that has no TrimNativeHeapInterval).
# docs/performance.md, item 28.
JOBS_JAVA_OPTS="-Xms200m -Xmx384m -Xmn72m -XX:MinHeapFreeRatio=25 -XX:MaxHeapFreeRatio=45 -XX:+UseParallelGC -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=80m -Xss512k -Dhttp.maxConnections=256"
if java -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then
  JOBS_JAVA_OPTS="$JOBS_JAVA_OPTS -XX:TrimNativeHeapInterval=5000"
fi
# The heap and the code cache in transparent huge pages where the kernel offers them on request
# (THP "madvise", Debian's default, or "always"), for fewer TLB misses (not counted): side by side,
# Payara used ~7 % less CPU per job and e2e gained ~3.5 % (docs/performance.md, item 63). Left out
# where THP is "never".
if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  JOBS_JAVA_OPTS="$JOBS_JAVA_OPTS -XX:+UseTransparentHugePages"
fi
# The server-config every Payara Micro of this project boots with (server-config/README.md): the
# request threads before the listener starts, the MicroProfile Config defaults after boot.
JOBS_BOOT_COMMANDS=(--prebootcommandfile "$ROOT/server-config/pre-boot-commands.asadmin"
  --postbootcommandfile "$ROOT/server-config/post-boot-commands.asadmin")

say() { printf '\033[1m[jobs]\033[0m %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

require_java_and_maven() {
  command -v java >/dev/null || die "Java 17 or newer is needed: apt-get install -y openjdk-17-jdk"
  command -v mvn >/dev/null || die "Maven is needed: apt-get install -y maven"
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  [ "${version%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is needed (found $version)"
}

apt_install() {
  [ "$(id -u)" = 0 ] || die "$1 is missing: run 'sudo apt-get install -y $1' (or install it your way)"
  command -v apt-get >/dev/null || die "$1 is missing and this machine has no apt-get: install $1"
  say "installing $1 from Debian's packages"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null; }
}

# commands the scripts use, from Debian's packages when missing
ensure_commands() {
  local command
  for command in "$@"; do
    command -v "$command" >/dev/null || apt_install "$command"
  done
}

ensure_redis_server() {
  command -v redis-server >/dev/null || apt_install redis-server
  command -v redis-server >/dev/null || die "redis-server is still missing"
}

# Puts a redis-server we started ahead of every other thread on this machine: its event-loop
# thread (the process's first; not its background threads) in the real-time FIFO class at the
# lowest priority, reset on fork, so that a persistence child (AOF rewrite, BGSAVE) runs as an
# ordinary process. Redis is the one serial stage of every job's steps, and it never spins: it
# runs while it has requests and sleeps in epoll_wait when it has none. On a shared 2-core machine
# a woken redis-server otherwise waited for a core behind Payara's threads for ~20 % of an e2e
# run's wall time; with this, e2e gained ~8 % at the median (docs/performance.md, item 65).
# Needs root or CAP_SYS_NICE, and 2 cores or more; elsewhere it says why it is left, and changes
# nothing.
# JOBS_REDIS_FIFO=0 leaves the priority alone.
redis_first() { # pid
  [ "${JOBS_REDIS_FIFO:-1}" = 1 ] || return 0
  if [ "$(nproc)" -lt 2 ]; then
    say "redis-server keeps an ordinary priority: one core (a real-time Redis would crowd out the JVM)"
  elif command -v chrt >/dev/null && chrt --reset-on-fork --fifo --pid 1 "$1" 2>/dev/null; then
    say "redis-server (pid $1): its event loop scheduled first (SCHED_FIFO 1, reset on fork)"
  else
    say "redis-server keeps an ordinary priority: chrt --fifo was refused (it needs root or CAP_SYS_NICE, and real-time time in a container's cgroup)"
  fi
}

# nsqd, nsqlookupd and nsqadmin from the Go module pinned in tools/nsq, built once into .tools/
ensure_nsq() {
  if [ -x "$NSQ_BIN/nsqd" ] && [ -x "$NSQ_BIN/nsqlookupd" ] && [ -x "$NSQ_BIN/nsqadmin" ]; then
    return 0
  fi
  if command -v go >/dev/null; then
    say "building nsqd, nsqlookupd, nsqadmin from $(grep 'github.com/nsqio/nsq ' "$ROOT/tools/nsq/go.mod" | xargs) (once)"
    mkdir -p "$NSQ_BIN"
    (cd "$ROOT/tools/nsq" && for app in nsqd nsqlookupd nsqadmin; do
       go build -o "$NSQ_BIN/$app" "github.com/nsqio/nsq/apps/$app" || exit 1
     done) || die "building nsq failed (see above)"
    return 0
  fi
  if command -v nsqd >/dev/null && command -v nsqlookupd >/dev/null && command -v nsqadmin >/dev/null; then
    mkdir -p "$NSQ_BIN"
    for app in nsqd nsqlookupd nsqadmin; do ln -sf "$(command -v $app)" "$NSQ_BIN/$app"; done
    return 0
  fi
  return 1
}

# the WARs, built when missing or older than any source
ensure_build() {
  local wars=("$ROOT/dispatch-war/target/dispatch.war" "$ROOT/worker-war/target/worker.war")
  local stale=0
  for war in "${wars[@]}"; do
    if [ ! -f "$war" ] || [ -n "$(find "$ROOT" -path "$ROOT/.tools" -prune -o -path "$ROOT/var" -prune -o \
         \( -name '*.java' -o -name 'pom.xml' -o -name '*.lua' -o -name '*.properties' -o -name 'openapi.yaml' -o -name '*.xml' \) \
         -newer "$war" -not -path '*/target/*' -print -quit)" ]; then
      stale=1
    fi
  done
  if [ "$stale" = 1 ]; then
    say "building the WARs (mvn install -DskipTests)"
    (cd "$ROOT" && mvn -B -q -ntp install -DskipTests -pl dispatch-war,worker-war -am) || die "the build failed (see above)"
  fi
}

ensure_payara_micro() {
  [ -f "$PAYARA_MICRO_JAR" ] && return 0
  local version
  version=$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' "$ROOT/pom.xml")
  say "fetching Payara Micro $version from Maven Central (once)"
  mkdir -p "$TOOLS"
  (cd "$ROOT" && mvn -N -B -q -ntp dependency:copy -Dartifact="fish.payara.extras:payara-micro:$version" \
      -DoutputDirectory="$TOOLS" -Dmdep.stripVersion=true) || die "could not fetch Payara Micro"
  mv "$TOOLS/payara-micro.jar" "$PAYARA_MICRO_JAR" 2>/dev/null || true
}

wait_for_port() { # host port seconds name
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "$4 did not open $1:$2 in $3 s"
    sleep 0.2
  done
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# COUNT distinct free ports from LOW .. LOW+1999 (default 30000: below the kernel's ephemeral ports,
# 32768 on, which a bind can lose to a client), on one line. One call for all of a script's ports:
# ports picked by separate calls could be the same one (bin/chaos once gave nsqd and dispatch 30119)
free_ports() {
  local count=$1 low=${2:-30000} port picked=" " tries=0
  while (( $(wc -w <<<"$picked") < count )); do
    (( ++tries <= 50 * count )) || die "no $count free ports from $low"
    port=$(( RANDOM % 2000 + low ))
    [[ "$picked" == *" $port "* ]] && continue
    port_busy "$port" || picked+="$port "
  done
  echo $picked
}
