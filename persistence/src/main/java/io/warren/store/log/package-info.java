/**
 * A segmented append-only log in the style of Kafka's {@code storage.internals.log}: segment files of CRC-checked
 * records, sparse offset and time indexes that are rebuilt when in doubt, recovery by truncating the torn tail,
 * and retention by whole segments. Classic queues and streams both store their messages here.
 */
package io.warren.store.log;
