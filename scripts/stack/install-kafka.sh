#!/usr/bin/env bash
# Installs Apache Kafka (broker + tools) from Maven Central as a plain classpath, cached under
# $RESPITE_CACHE keyed by version. Prints the lib directory. Needs Java 17+ and Maven.
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
LOG4J_VERSION="${LOG4J_VERSION:-2.24.3}"
CACHE="${RESPITE_CACHE:-$HOME/.cache/respite}"
OUT="$CACHE/kafka/$KAFKA_VERSION-r2"

if [ -f "$OUT/.complete" ]; then echo "$OUT/lib"; exit 0; fi

mkdir -p "$OUT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>respite.local</groupId>
  <artifactId>kafka-classpath</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-server</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
POM
echo "[install-kafka] resolving Kafka $KAFKA_VERSION from Maven Central" >&2
mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies -DoutputDirectory="$OUT/lib" -DincludeScope=runtime >&2
cat > "$OUT/log4j2.yaml" <<'LOG'
Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: WARN
      AppenderRef:
        - ref: STDOUT
    Logger:
      - name: kafka.server.KafkaServer
        level: INFO
LOG
touch "$OUT/.complete"
echo "$OUT/lib"
