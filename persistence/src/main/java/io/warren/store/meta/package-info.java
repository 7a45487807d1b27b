/**
 * Definitions (vhosts, users, permissions, exchanges, queues, bindings, policies, stream consumer-group offsets):
 * {@link io.warren.store.meta.MetadataStore}, kept in MapDB with one commit per change, never on the publish path.
 * Values use Warren's own versioned binary encoding ({@link io.warren.store.meta.ValueCodec}), not Java serialization.
 */
package io.warren.store.meta;
