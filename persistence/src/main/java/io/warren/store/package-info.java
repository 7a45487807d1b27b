/**
 * Warren's storage: segmented message logs, classic-queue stores, group commit and the definitions store.
 * It stores opaque bytes and never parses AMQP; it depends on {@code java.nio}, MapDB and slf4j only.
 * The data-directory layout and every file format are described in {@code docs/storage.md}.
 */
package io.warren.store;
