#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (an Ubuntu image; the zip
# is unpacked in /autograder/source). It installs, from Ubuntu's own packages, a headless JDK 21 or
# newer (the grader's launcher finds it under /usr/lib/jvm) and bubblewrap, the grader's sandbox.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
installed=""
for jdk in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
  if apt-cache show "$jdk" >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends "$jdk"; then
    installed="$jdk"
    break
  fi
done
[ -n "$installed" ] || { echo "setup.sh: no openjdk-21 or newer package in this image's Ubuntu release" >&2; exit 1; }
apt-get install -y -qq --no-install-recommends bubblewrap util-linux
# The zip carries no file modes: make the scripts executable wherever Gradescope put them.
chmod +x /autograder/source/run_autograder /autograder/source/setup.sh /autograder/run_autograder 2>/dev/null || true
echo "setup.sh: installed $installed and bubblewrap"
# The grading JVMs' class-data archive (about a second less start-up per JVM), kept in the image.
bash /autograder/source/run_autograder --prepare || echo "setup.sh: no class-data archive; grading works the same, a little slower"
