package io.warren.exchange;

/**
 * Splits and validates topic routing and binding keys.
 * <p>Word semantics follow RabbitMQ's {@code split_topic_key}: words are separated by {@code '.'}, empty words are
 * real words ({@code "a..b"} is {@code ["a", "", "b"]}, {@code "."} is {@code ["", ""]}), but the empty key is
 * <em>zero</em> words, not one empty word. Consequently, for the empty routing key, binding {@code "#"} and binding
 * {@code ""} match while {@code "*"} does not.
 * <p>Binding keys longer than {@value #MAX_KEY_BYTES} UTF-8 bytes are rejected. Over AMQP they cannot occur (a
 * binding key is a shortstr), so this only stops programmatic callers from building a trie deep enough to make
 * the recursive walk in {@link TopicTrie} a stack risk. There is no cap on {@code #} words: the walk is polynomial
 * (see {@link TopicTrie}).
 * <p>Thread-safety: stateless.
 */
final class TopicKeys {
    /** The AMQP shortstr limit that binds every binding key received on the wire. */
    static final int MAX_KEY_BYTES = 255;
    static final String STAR = "*";
    static final String HASH = "#";

    private static final String[] NO_WORDS = {};

    private TopicKeys() {
    }

    /** Splits a binding key into its words (at bind and unbind time; routing walks the key in place). */
    static String[] split(String key) {
        if (key.isEmpty()) {
            return NO_WORDS;
        }
        int dots = 0;
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '.') {
                dots++;
            }
        }
        String[] words = new String[dots + 1];
        int start = 0;
        int w = 0;
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '.') {
                words[w++] = key.substring(start, i);
                start = i + 1;
            }
        }
        words[w] = key.substring(start);
        return words;
    }

    /** Validates a binding key at bind time. */
    static void validateBindingKey(String key) {
        int bytes = utf8Length(key);
        if (bytes > MAX_KEY_BYTES) {
            throw new InvalidBindingException(
                    "topic binding key: " + bytes + " bytes (expected: <= " + MAX_KEY_BYTES + ")");
        }
    }

    /**
     * Whether a binding key matches every routing key, i.e. it is one or more {@code #} words ({@code "#"},
     * {@code "#.#"}, ...): each {@code #} may match zero words, so such a key matches even the empty key.
     */
    static boolean matchesEverything(String key) {
        int n = key.length();
        if (n % 2 == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (key.charAt(i) != (i % 2 == 0 ? '#' : '.')) {
                return false;
            }
        }
        return true;
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
