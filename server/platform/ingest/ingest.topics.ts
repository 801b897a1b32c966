/**
 * Messages to `ranan/ingest/<stream>`; `$share/ranan/…` splits them among the server instances.
 * Its own file so that the embedded broker (ingest.broker.ts, reached from the app through index.ts)
 * does not load the MQTT client library (issue 8: every database test file imports the app).
 */
export const MQTT_TOPIC_PREFIX = 'ranan/ingest/';
export const mqttSharedSubscription = (group: string) => `$share/${group}/${MQTT_TOPIC_PREFIX}+`;
