#!/bin/sh
# Creates every Pathways topic with its partitions, replication and retention, and (re)applies
# the retention to topics that already exist. Idempotent: run it on every deploy.
#
# Runs in the official apache/kafka image (Kafka's own kafka-topics.sh / kafka-configs.sh),
# from compose (deploy/compose.yaml, service `topics`) and Kubernetes (deploy/k8s/topics).
# Why not `python -m pathways.messaging.topics`: that module creates the same topics with
# partitions and replication but sets no per-topic retention, and dead-letter topics must
# keep their messages longer than the default 7 days.
#
# The topic list below must equal pathways.messaging.topics.platform_topics() (the public
# topics of the contract, the prison feed and one dead-letter topic per consumer);
# tests/deploy checks that it does.
#
# Connection (the same variables the services read):
#   KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL (PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL),
#   KAFKA_SASL_MECHANISM (PLAIN|SCRAM-SHA-256|SCRAM-SHA-512), KAFKA_SASL_USERNAME,
#   KAFKA_SASL_PASSWORD, KAFKA_SSL_CAFILE, KAFKA_SSL_CERTFILE, KAFKA_SSL_KEYFILE (PEM files)
# Topic settings:
#   KAFKA_TOPIC_PARTITIONS (6)        partitions bound each consumer group's useful replicas
#   KAFKA_TOPIC_REPLICATION (1)       3 in production
#   KAFKA_TOPIC_MIN_INSYNC_REPLICAS (1)  2 in production (with replication 3)
#   KAFKA_RETENTION_MS_PUBLIC (220924800000 = 7 years)   public event topics: the history read
#                                     models (outcomes) are rebuilt from, kept as long as the
#                                     case-record retention (RETENTION_CASE_RECORDS_DAYS, 6
#                                     years) plus a year, never for ever (prison numbers)
#   KAFKA_RETENTION_MS_FEED (2592000000 = 30 days)   hmpps.domain-events as bridged in
#   KAFKA_RETENTION_MS_DLQ (7776000000 = 90 days)    dead-letter topics
set -eu

PUBLIC_TOPICS="pathways.intake pathways.mentoring pathways.family pathways.placements"
FEED_TOPICS="hmpps.domain-events"
DLQ_TOPICS="pathways.intake.dlq pathways.mentoring.dlq pathways.family.dlq pathways.placements.dlq pathways.outcomes.dlq"

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is required}"
PARTITIONS="${KAFKA_TOPIC_PARTITIONS:-6}"
REPLICATION="${KAFKA_TOPIC_REPLICATION:-1}"
MIN_ISR="${KAFKA_TOPIC_MIN_INSYNC_REPLICAS:-1}"
RETENTION_PUBLIC="${KAFKA_RETENTION_MS_PUBLIC:-220924800000}"
RETENTION_FEED="${KAFKA_RETENTION_MS_FEED:-2592000000}"
RETENTION_DLQ="${KAFKA_RETENTION_MS_DLQ:-7776000000}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

# Client properties for the Kafka tools, written to /tmp (never to the image or a volume).
umask 077
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PROPS="$WORK/client.properties"
PROTOCOL="${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}"
echo "security.protocol=$PROTOCOL" > "$PROPS"
case "$PROTOCOL" in
  SASL_*)
    MECHANISM="${KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}"
    case "$MECHANISM" in
      PLAIN) MODULE=org.apache.kafka.common.security.plain.PlainLoginModule ;;
      *) MODULE=org.apache.kafka.common.security.scram.ScramLoginModule ;;
    esac
    {
      echo "sasl.mechanism=$MECHANISM"
      echo "sasl.jaas.config=$MODULE required username=\"${KAFKA_SASL_USERNAME:?}\" password=\"${KAFKA_SASL_PASSWORD:?}\";"
    } >> "$PROPS"
    ;;
esac
case "$PROTOCOL" in
  SSL|SASL_SSL)
    if [ -n "${KAFKA_SSL_CAFILE:-}" ]; then
      echo "ssl.truststore.type=PEM" >> "$PROPS"
      echo "ssl.truststore.location=$KAFKA_SSL_CAFILE" >> "$PROPS"
    fi
    if [ -n "${KAFKA_SSL_CERTFILE:-}" ]; then  # mTLS: key and certificate chain in one PEM
      cat "${KAFKA_SSL_KEYFILE:?KAFKA_SSL_KEYFILE is required with KAFKA_SSL_CERTFILE}" \
          "$KAFKA_SSL_CERTFILE" > "$WORK/keystore.pem"
      echo "ssl.keystore.type=PEM" >> "$PROPS"
      echo "ssl.keystore.location=$WORK/keystore.pem" >> "$PROPS"
    fi
    ;;
esac

# Wait for the broker (up to ~2 minutes).
tries=0
until "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$PROPS" --list > /dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "topics: broker $BOOTSTRAP not reachable" >&2
    exit 1
  fi
  sleep 2
done

ensure() {  # ensure TOPIC RETENTION_MS
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$PROPS" \
    --create --if-not-exists --topic "$1" \
    --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
    --config "retention.ms=$2" --config "min.insync.replicas=$MIN_ISR" \
    --config cleanup.policy=delete
  # Existing topics: re-apply the settings (creation does not touch them).
  "$KAFKA_BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$PROPS" \
    --alter --entity-type topics --entity-name "$1" \
    --add-config "retention.ms=$2,min.insync.replicas=$MIN_ISR,cleanup.policy=delete"
  echo "topics: $1 ready (retention.ms=$2)"
}

for topic in $PUBLIC_TOPICS; do ensure "$topic" "$RETENTION_PUBLIC"; done
for topic in $FEED_TOPICS; do ensure "$topic" "$RETENTION_FEED"; done
for topic in $DLQ_TOPICS; do ensure "$topic" "$RETENTION_DLQ"; done

# Partitions can only grow and are never changed here: growing them moves person ids to
# other partitions (ordering per person breaks across the change), so it is an operator's
# decision (deploy/README.md). Warn when a topic has fewer partitions than asked for.
for topic in $PUBLIC_TOPICS $FEED_TOPICS $DLQ_TOPICS; do
  count="$("$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$PROPS" \
    --describe --topic "$topic" | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n 1)"
  if [ -n "$count" ] && [ "$count" -lt "$PARTITIONS" ]; then
    echo "topics: WARNING $topic has $count partitions, fewer than $PARTITIONS" >&2
  fi
done
echo "topics: done"
