#!/usr/bin/env bash
# Installs Nextflow 24.10.0 without internet access other than Maven Central:
# resolves io.nextflow:nextflow and its runtime jars with Maven (tools/nextflow/pom.xml) and
# writes DEST/bin/nextflow, a launcher that runs nextflow.cli.Launcher on JDK 17 with the
# flags and environment of docs/nextflow.md. Idempotent: a complete install is left as it is.
#
# Usage: tools/install-nextflow.sh [DEST]     (default: $PHAROS_NEXTFLOW_HOME or ~/.pharos/nextflow-24.10.0)
# Env:   NXF_JAVA_HOME / JAVA_HOME  the JDK to run Nextflow with (must be 17..21; default: a JDK 17 found here)
# Prints the path of the launcher on its last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
version="24.10.0"
dest="${1:-${PHAROS_NEXTFLOW_HOME:-$HOME/.pharos/nextflow-$version}}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
launcher="$dest/bin/nextflow"
marker="$dest/.installed-$version"

if [ -f "$marker" ] && [ -x "$launcher" ] && [ -f "$dest/lib/nextflow-$version.jar" ]; then
  echo "$launcher"
  exit 0
fi

# A JDK that Nextflow's Groovy 4 can work with: Groovy cannot read class files of JDK 25.
pick_java() {
  local c
  for c in "${NXF_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 \
           /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-arm64; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    local v
    v="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    case "$v" in 17|18|19|20|21) echo "$c"; return 0 ;; esac
  done
  return 1
}
jdk="$(pick_java)" || { echo "install-nextflow: no JDK 17 to 21 found; set NXF_JAVA_HOME" >&2; exit 1; }

echo "install-nextflow: resolving io.nextflow:nextflow:$version from Maven Central into $dest/lib ..." >&2
rm -rf "$dest/lib.tmp"
(cd "$root" && JAVA_HOME="$jdk" ./mvnw -q -B -f tools/nextflow/pom.xml dependency:copy-dependencies \
    -Dnextflow.version="$version" -DincludeScope=runtime -DoutputDirectory="$dest/lib.tmp") >&2
[ -f "$dest/lib.tmp/nextflow-$version.jar" ] || { echo "install-nextflow: nextflow-$version.jar was not resolved" >&2; exit 1; }
rm -rf "$dest/lib" && mv "$dest/lib.tmp" "$dest/lib"
mkdir -p "$dest/bin" "$dest/home" "$dest/plugins"

cat > "$launcher.tmp" <<LAUNCHER
#!/usr/bin/env bash
# Nextflow $version, offline (written by tools/install-nextflow.sh). Every NXF_* below can be
# overridden from the environment; NXF_PLUGINS_DIR is where plugins such as nf-pharos live.
set -euo pipefail
nf_root="\$(cd "\$(dirname "\${BASH_SOURCE[0]}")/.." && pwd)"
export NXF_HOME="\${NXF_HOME:-\$nf_root/home}"
export NXF_PLUGINS_DIR="\${NXF_PLUGINS_DIR:-\$nf_root/plugins}"
export NXF_OFFLINE="\${NXF_OFFLINE:-true}"
export NXF_DISABLE_CHECK_LATEST="\${NXF_DISABLE_CHECK_LATEST:-true}"
export NXF_ANSI_LOG="\${NXF_ANSI_LOG:-false}"
java_home="\${NXF_JAVA_HOME:-$jdk}"
opens=""
for p in java.lang java.io java.nio java.net java.util java.util.concurrent.locks java.util.concurrent.atomic \\
         java.nio.file.spi sun.nio.ch sun.nio.fs sun.net.www.protocol.http sun.net.www.protocol.https \\
         sun.net.www.protocol.ftp sun.net.www.protocol.file jdk.internal.misc jdk.internal.vm java.util.regex; do
  opens="\$opens --add-opens=java.base/\$p=ALL-UNNAMED"
done
# shellcheck disable=SC2086
exec "\$java_home/bin/java" \$opens -Dfile.encoding=UTF-8 -Djava.awt.headless=true \${NXF_OPTS:-} \\
  -cp "\$nf_root/lib/*" nextflow.cli.Launcher "\$@"
LAUNCHER
chmod +x "$launcher.tmp" && mv "$launcher.tmp" "$launcher"
touch "$marker"
echo "install-nextflow: installed; launcher: $launcher" >&2
echo "$launcher"
