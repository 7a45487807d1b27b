package io.warren.exchange;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Binding keys compiled into a word trie: one node per binding-key word, with a map of literal children and
 * dedicated {@code *} and {@code #} children; destinations sit on the node where their binding key ends.
 * <p>Routing walks the trie once along the routing key, word by word, without splitting it. A literal or {@code *}
 * child consumes one word; a {@code #} child consumes any number of words, so the walk branches there. Naive
 * backtracking is exponential in the number of {@code #} words on a path (RabbitMQ caps them for that reason). Here
 * it is polynomial: a state is (node, position), and only a {@code #} node that has another {@code #} above it can
 * be reached in the same state twice (with at most one {@code #} on the path, the position at a node is fixed by how
 * many words that one {@code #} consumed). Such states are memoized, and a {@code #} node's loop over positions
 * stops at the first state already seen, because that state's walk already covered every later position. The cost is
 * at most O(trie nodes × routing-key words); the memo set is allocated only when a route actually reaches a nested
 * {@code #}.
 * <p>Unbinding prunes nodes left with no destinations and no children, so the trie never keeps dead paths.
 * <p>Thread-safety: not thread-safe for mutation; {@link #route} is read-only and may run concurrently with other
 * {@code route} calls when nothing mutates.
 *
 * @param <D> the destination type
 */
final class TopicTrie<D> {
    private final Node<D> root;
    private int nextId;
    private int nodeCount;

    TopicTrie() {
        root = new Node<>(0, null, null, 0);
        nextId = 1;
        nodeCount = 1;
    }

    private TopicTrie(TopicTrie<D> other) {
        root = other.root.copy(null);
        nextId = other.nextId;
        nodeCount = other.nodeCount;
    }

    /** Adds one reference to {@code destination} at the node for {@code words}, creating the path as needed. */
    void add(String[] words, D destination) {
        Node<D> n = root;
        for (String w : words) {
            Node<D> c = n.child(w);
            if (c == null) {
                c = new Node<>(nextId++, n, w, n.hashDepth + (TopicKeys.HASH.equals(w) ? 1 : 0));
                n.attach(c);
                nodeCount++;
            }
            n = c;
        }
        if (n.destinations == null) {
            n.destinations = new DestinationSet<>();
        }
        n.destinations.add(destination);
    }

    /** Drops one reference to {@code destination} at {@code words}; returns false if it was not there. */
    boolean remove(String[] words, D destination) {
        Node<D> n = root;
        for (String w : words) {
            n = n.child(w);
            if (n == null) {
                return false;
            }
        }
        if (n.destinations == null || !n.destinations.contains(destination)) {
            return false;
        }
        if (n.destinations.remove(destination) && n.destinations.isEmpty()) {
            n.destinations = null;
        }
        while (n != root && n.isEmpty()) {
            n.parent.detach(n);
            nodeCount--;
            n = n.parent;
        }
        return true;
    }

    /**
     * Adds the destinations of every binding key matching {@code routingKey} to {@code out}. The key is walked in
     * place (a word is a region between dots, looked up with {@link WordTable#get(String, int, int)}), so a route
     * allocates nothing unless it reaches a nested {@code #} (the memo below).
     */
    void route(String routingKey, Collection<? super D> out) {
        // The empty key has no words: start past its end.
        match(root, routingKey, routingKey.isEmpty() ? 1 : 0, out, null);
    }

    /** Whether no binding key is stored (so a route can skip the walk). */
    boolean isEmpty() {
        return root.isEmpty();
    }

    /** Number of nodes including the root; for tests of pruning. */
    int nodeCount() {
        return nodeCount;
    }

    TopicTrie<D> copy() {
        return new TopicTrie<>(this);
    }

    /**
     * Walks from {@code n}, which has consumed the words of {@code key} before char index {@code at} ({@code at}
     * is the start of the next word, or {@code key.length() + 1} when every word is consumed). Returns the memo,
     * which this call may have created; passing it back up keeps the common, memo-free walk free of allocation.
     */
    private static <D> Set<Long> match(Node<D> n, String key, int at, Collection<? super D> out, Set<Long> memo) {
        if (at > key.length()) {
            if (n.destinations != null) {
                n.destinations.addTo(out);
            }
        } else {
            int end = wordEnd(key, at);
            Node<D> literal = n.literals == null ? null : n.literals.get(key, at, end);
            if (literal != null) {
                memo = match(literal, key, end + 1, out, memo);
            }
            if (n.star != null) {
                memo = match(n.star, key, end + 1, out, memo);
            }
        }
        if (n.hash != null) {
            memo = matchHash(n.hash, key, at, out, memo);
        }
        return memo;
    }

    /** The {@code #} node {@code h} is entered at {@code start}; it may consume any number of words from there. */
    private static <D> Set<Long> matchHash(Node<D> h, String key, int start, Collection<? super D> out,
                                           Set<Long> memo) {
        boolean nested = h.hashDepth > 1;
        for (int at = start; ; at = wordEnd(key, at) + 1) {
            if (nested) {
                if (memo == null) {
                    memo = new HashSet<>();
                }
                if (!memo.add(((long) h.id << 32) | at)) {
                    break;              // (h, at) was walked before, and with it every position after at
                }
            }
            memo = match(h, key, at, out, memo);
            if (at > key.length()) {
                break;
            }
        }
        return memo;
    }

    /** The end (exclusive) of the word of {@code key} that starts at {@code at}: the next dot, or the key's end. */
    private static int wordEnd(String key, int at) {
        int dot = key.indexOf('.', at);
        return dot < 0 ? key.length() : dot;
    }

    /** One trie node. Confinement: as the owning trie. */
    private static final class Node<D> {
        final int id;
        final Node<D> parent;
        final String word;
        /** Number of {@code #} words on the path from the root to this node, this node included. */
        final int hashDepth;
        WordTable<Node<D>> literals;
        Node<D> star;
        Node<D> hash;
        DestinationSet<D> destinations;

        Node(int id, Node<D> parent, String word, int hashDepth) {
            this.id = id;
            this.parent = parent;
            this.word = word;
            this.hashDepth = hashDepth;
        }

        Node<D> child(String w) {
            return switch (w) {
                case TopicKeys.STAR -> star;
                case TopicKeys.HASH -> hash;
                default -> literals == null ? null : literals.get(w);
            };
        }

        void attach(Node<D> c) {
            switch (c.word) {
                case TopicKeys.STAR -> star = c;
                case TopicKeys.HASH -> hash = c;
                default -> {
                    if (literals == null) {
                        literals = new WordTable<>();
                    }
                    literals.put(c.word, c);
                }
            }
        }

        void detach(Node<D> c) {
            if (c == star) {
                star = null;
            } else if (c == hash) {
                hash = null;
            } else {
                literals.remove(c.word);
                if (literals.isEmpty()) {
                    literals = null;
                }
            }
        }

        boolean isEmpty() {
            return destinations == null && star == null && hash == null && literals == null;
        }

        Node<D> copy(Node<D> newParent) {
            Node<D> c = new Node<>(id, newParent, word, hashDepth);
            c.destinations = destinations == null ? null : destinations.copy();
            c.star = star == null ? null : star.copy(c);
            c.hash = hash == null ? null : hash.copy(c);
            if (literals != null) {
                c.literals = new WordTable<>();
                literals.forEach((w, n) -> c.literals.put(w, n.copy(c)));
            }
            return c;
        }
    }
}
