/**
 * The broker's message: raw properties and body buffers, reference counted, shared by every queue a publish
 * routes to.
 */
package io.warren.broker.message;
