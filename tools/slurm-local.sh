#!/usr/bin/env bash
# A one-node Slurm cluster and an sshd on 127.0.0.1:2222 for the Slurm tests (../shared/SLURM-LOCAL.md).
#
#   tools/slurm-local.sh start    start munged, slurmctld, slurmd and the test sshd (each only if not running)
#   tools/slurm-local.sh stop     stop what `start` started (by the pids in their pid files)
#   tools/slurm-local.sh status   sinfo and whether the sshd answers
#
# Needs root and the Debian packages slurm-wlm, munge and openssh-server (./test installs them when
# missing). Nothing here needs systemd. What it writes:
#   /etc/munge/munge.key                   only if there is none (mungekey --create)
#   /etc/slurm/slurm.conf                  only if there is none, or it is one this script wrote
#   /etc/hosts                             the short host name -> 127.0.0.1, only if it does not resolve
#   $PHAROS_SLURM_TEST_DIR (~/.pharos/slurm-test): the test key pair (id_ecdsa, id_ecdsa.pub), the
#                                          sshd's own host key, config, authorized_keys and pid file
# The sshd is a separate one (its own config, port 2222, loopback only, key auth only) that accepts only
# the test key: the machine's own sshd and ~/.ssh are left alone. The tests read the key from that folder.
set -euo pipefail

DIR="${PHAROS_SLURM_TEST_DIR:-$HOME/.pharos/slurm-test}"
PORT="${PHAROS_SLURM_TEST_SSH_PORT:-2222}"
CONF=/etc/slurm/slurm.conf
MARK="# Written by Pharos tools/slurm-local.sh"

log() { echo "slurm-local: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it starts munged, slurmctld, slurmd and sshd)"

alive() { # alive PIDFILE
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

wait_for() { # wait_for SECONDS COMMAND...: a hang guard, not a timing
  local n=$(( $1 * 5 )); shift
  for _ in $(seq 1 "$n"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

need_commands() {
  local c missing=()
  for c in munged mungekey slurmctld slurmd sbatch squeue scancel scontrol sinfo sshd ssh-keygen; do
    command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] || missing+=("$c")
  done
  [ "${#missing[@]}" -eq 0 ] || die "missing ${missing[*]}: install slurm-wlm munge openssh-server (./test --setup-only does)"
}

start_munge() {
  install -d -o munge -g munge -m 0755 /run/munge
  if [ ! -f /etc/munge/munge.key ]; then
    mungekey --create >/dev/null 2>&1 || /usr/sbin/mungekey --create
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
  fi
  if ! (munge -n | unmunge) >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    wait_for 10 sh -c 'munge -n | unmunge' || die "munged did not answer"
  fi
}

slurm_conf() {
  local host cpus mem
  host="$(hostname -s)"
  if [ -z "$(getent hosts "$host")" ]; then
    log "adding '127.0.0.1 $host' to /etc/hosts (Slurm's node name must resolve)"
    echo "127.0.0.1 $host" >> /etc/hosts
  fi
  if [ -f "$CONF" ] && ! head -n 1 "$CONF" | grep -qF "$MARK"; then
    log "using the existing $CONF (not written here)"
    return 0
  fi
  cpus="$(nproc)"
  mem="$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')"
  mem=$(( ${mem:-2000} * 9 / 10 ))
  install -d /etc/slurm
  cat > "$CONF.new" <<CONFEND
$MARK: a one-node test cluster.
ClusterName=ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
MinJobAge=300
KillWait=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONFEND
  mv "$CONF.new" "$CONF"
}

start_slurm() {
  install -d /var/spool/slurmctld /var/spool/slurmd /run/slurm /var/log/slurm
  alive /run/slurm/slurmctld.pid || slurmctld
  alive /run/slurm/slurmd.pid || slurmd
  wait_for 30 sh -c 'sinfo -h -o %T | grep -qE "idle|mixed|alloc"' \
    || die "the Slurm node did not become idle: $(sinfo 2>&1 | tail -n 2); see /var/log/slurm/"
}

start_sshd() {
  install -d -m 0700 "$DIR"
  [ -f "$DIR/id_ecdsa" ] || ssh-keygen -q -t ecdsa -b 256 -N '' -C pharos-slurm-test -f "$DIR/id_ecdsa"
  [ -f "$DIR/host_ecdsa" ] || ssh-keygen -q -t ecdsa -b 256 -N '' -C pharos-slurm-test-host -f "$DIR/host_ecdsa"
  cp "$DIR/id_ecdsa.pub" "$DIR/authorized_keys"
  chmod 0600 "$DIR/authorized_keys"
  cat > "$DIR/sshd_config" <<SSHEND
ListenAddress 127.0.0.1
Port $PORT
HostKey $DIR/host_ecdsa
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
SSHEND
  install -d -m 0755 /run/sshd
  if ! alive "$DIR/sshd.pid"; then
    "$(command -v sshd || echo /usr/sbin/sshd)" -f "$DIR/sshd_config"
  fi
  wait_for 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" || die "the test sshd does not answer on 127.0.0.1:$PORT"
}

stop_pid() { # stop_pid NAME PIDFILE
  if alive "$2"; then
    kill "$(cat "$2")" 2>/dev/null || true
    wait_for 10 sh -c "! kill -0 $(cat "$2") 2>/dev/null" || kill -9 "$(cat "$2")" 2>/dev/null || true
    log "stopped $1"
  fi
}

case "${1:-}" in
  start)
    need_commands
    start_munge
    slurm_conf
    start_slurm
    start_sshd
    log "Slurm $(sinfo --version | awk '{print $2}') on $(hostname -s): $(sinfo -h -o '%P %T %c CPUs' | tr '\n' ' ');" \
        "sshd on 127.0.0.1:$PORT for $(id -un) with key $DIR/id_ecdsa"
    ;;
  stop)
    stop_pid sshd "$DIR/sshd.pid"
    stop_pid slurmd /run/slurm/slurmd.pid
    stop_pid slurmctld /run/slurm/slurmctld.pid
    stop_pid munged /run/munge/munged.pid
    ;;
  status)
    sinfo
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && echo "sshd answers on 127.0.0.1:$PORT" || echo "no sshd on 127.0.0.1:$PORT"
    ;;
  *) echo "usage: tools/slurm-local.sh start|stop|status" >&2; exit 2 ;;
esac
