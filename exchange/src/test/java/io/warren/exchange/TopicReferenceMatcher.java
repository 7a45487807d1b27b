package io.warren.exchange;

import java.util.Arrays;
import java.util.List;

/**
 * Direct backtracking topic matcher, written independently of {@link TopicTrie} as the model in model tests.
 * Splits like RabbitMQ: the empty key is zero words, otherwise every '.' separates words (empty words included).
 * Exponential in '#' words, so only for short keys.
 */
final class TopicReferenceMatcher {

    private TopicReferenceMatcher() {
    }

    static boolean matches(String bindingKey, String routingKey) {
        return match(words(bindingKey), 0, words(routingKey), 0);
    }

    private static List<String> words(String key) {
        return key.isEmpty() ? List.of() : Arrays.asList(key.split("\\.", -1));
    }

    private static boolean match(List<String> binding, int i, List<String> key, int j) {
        if (i == binding.size()) {
            return j == key.size();
        }
        String w = binding.get(i);
        if (w.equals("#")) {
            for (int skip = j; skip <= key.size(); skip++) {
                if (match(binding, i + 1, key, skip)) {
                    return true;
                }
            }
            return false;
        }
        return j < key.size() && (w.equals("*") || w.equals(key.get(j))) && match(binding, i + 1, key, j + 1);
    }
}
