#!/usr/bin/env bash
# apache/kafka's convention: KAFKA_FOO_BAR=x becomes foo.bar=x (`__` stands for `_`, `___` for `-`);
# KAFKA_HEAP_OPTS, KAFKA_OPTS and CLUSTER_ID are for the JVM and the storage format, not properties.
set -euo pipefail
conf=/var/lib/kafka/server.properties
env | while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS) ;;
    KAFKA_*) key="${name#KAFKA_}"; key="${key,,}"; key="${key//___/-}"; key="${key//__/#}"
      key="${key//_/.}"; echo "${key//#/_}=$value" ;;
  esac
done >"$conf"
grep -q '^log.dirs=' "$conf" || echo "log.dirs=/var/lib/kafka/data" >>"$conf"
cp="/opt/kafka/libs/*"
# shellcheck disable=SC2086 # the options are a list of words, as in kafka-run-class.sh
jvm=($KAFKA_HEAP_OPTS ${KAFKA_OPTS:-} -XX:+UseG1GC -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml)
if [ ! -f "$(sed -n 's/^log.dirs=//p' "$conf" | cut -d, -f1)/meta.properties" ]; then
  # a static voter list (controller.quorum.voters) or a dynamic quorum of this one node
  standalone=(--standalone); grep -q '^controller.quorum.voters=' "$conf" && standalone=()
  java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format "${standalone[@]}" -t "$CLUSTER_ID" -c "$conf" --ignore-formatted
fi
exec java "${jvm[@]}" -cp "$cp" kafka.Kafka "$conf"
