#!/usr/bin/env bash
# The tool the compose health check calls, at the path apache/kafka has it.
exec java -Xmx128m -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml -cp "/opt/kafka/libs/*" \
  org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
